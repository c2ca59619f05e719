import ListwashCore
@testable import ListwashImport
import Testing

/// `submit`'s count equation: every contact of the folder is out, rejected by the API, or
/// pending in a batch not completed yet, so a failed batch no longer reads `in 0 = out 0`.
struct SubmitLedgerLineTests {
    private func summary(batches: [BatchState: Int], outcomes: [ContactOutcomeKind: Int], contacts: Int) -> SubmitSummary {
        SubmitSummary(batches: batches, outcomes: outcomes, contacts: contacts, requests: 1, retries: 0, resends: 0,
                      seconds: 0, unfinished: [])
    }

    @Test func aFailedOnlyBatchLeavesItsContactsPending() {
        let ledger = summary(batches: [.failed: 1], outcomes: [:], contacts: 40).ledger(directory: "out")
        #expect(ledger.input == 40 && ledger.output == 0 && ledger.pending == 40)
        #expect(ledger.isBalanced)
        #expect(ledger.line.hasPrefix("submit: in 40 = out 0 + rejected 0 + pending 40"))
        #expect(ledger.line.contains("PARTIAL: not every batch completed"))
        #expect(ledger.json.contains("\"pending\":40"))
    }

    @Test func aCompleteRunHasNothingPending() {
        let ledger = summary(batches: [.completed: 2], outcomes: [.created: 50, .updated: 3, .failed: 1, .rejected: 2], contacts: 56)
            .ledger(directory: "out")
        #expect(ledger.line == "submit: in 56 = out 53 + rejected 3 (ac_validation_failed 2, ac_import_failed 1)")
        #expect(ledger.pending == 0 && ledger.isBalanced && !ledger.json.contains("pending"))
    }

    @Test func aMixedRunCountsTheCompletedBatchesOutAndTheRestPending() {
        let ledger = summary(batches: [.completed: 1, .queued: 1, .failed: 1], outcomes: [.created: 250], contacts: 600)
            .ledger(directory: "out")
        #expect(ledger.input == 600 && ledger.output == 250 && ledger.pending == 350 && ledger.isBalanced)
    }

    /// A plain re-run sends no failed batch: the note says what does, and says 'run the same
    /// command again' only when that resumes something.
    @Test func theNoteSaysWhatSendsTheRest() {
        let failed = summary(batches: [.failed: 8], outcomes: [:], contacts: 2000).ledger(directory: "out").line
        #expect(failed.contains("the 8 failed or interrupted batches are sent again only with --retry-failed"))
        #expect(!failed.contains("run the same command again"))
        let mixed = summary(batches: [.queued: 1, .interrupted: 1], outcomes: [:], contacts: 500).ledger(directory: "out").line
        #expect(mixed.contains("run the same command again to resume, adding --retry-failed"))
        #expect(mixed.contains("for the 1 failed or interrupted batch (see 'listwash status out')"))
        let queued = summary(batches: [.queued: 2], outcomes: [:], contacts: 500).ledger(directory: "out").line
        #expect(queued.hasSuffix("PARTIAL: not every batch completed; run the same command again to resume (see 'listwash status out')"))
    }
}
