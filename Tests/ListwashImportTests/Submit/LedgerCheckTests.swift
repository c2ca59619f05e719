import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// `listwash status DIR --check`: the ledger against itself and its batch folder.
struct LedgerCheckTests {
    /// A folder of two batches with a ledger that planned them.
    func plannedFolder() throws -> (TemporaryDirectory, String, SubmitLedger) {
        let tmp = try TemporaryDirectory()
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("a", 3), emails("b", 2)])
        let ledger = try SubmitLedger(path: dir + "/ledger.sqlite")
        try ledger.bind(target: "http://127.0.0.1:1")
        try ledger.plan(try BatchFolder.read(dir), route: .bulk)
        return (tmp, dir, ledger)
    }

    @Test func aPlannedAndAQueuedBatchAreConsistent() throws {
        let (tmp, dir, ledger) = try plannedFolder()
        defer { tmp.remove() }
        let first = try #require(try ledger.batches().first)
        try ledger.markSending(first.id, resend: nil)
        try ledger.markQueued(first.id, batchId: "42")
        #expect(try LedgerCheck.problems(ledger: ledger, folder: try BatchFolder.read(dir)) == [])
    }

    @Test func aBatchFileChangedAfterPlanningIsReported() throws {
        let (tmp, dir, ledger) = try plannedFolder()
        defer { tmp.remove() }
        try writeBatchFolder(dir, [emails("a", 3), emails("c", 2)])
        let problems = try LedgerCheck.problems(ledger: ledger, folder: try BatchFolder.read(dir))
        #expect(problems.contains { $0.hasPrefix("batch-00002.json: in the folder but not in the ledger") })
        #expect(problems.contains { $0.contains("batch-00002.json (ledger row") && $0.contains("changed or was removed") })
    }

    @Test func aCompletedBatchWithoutEveryOutcomeIsReported() throws {
        let (tmp, dir, ledger) = try plannedFolder()
        defer { tmp.remove() }
        let first = try #require(try ledger.batches().first)
        try ledger.markSending(first.id, resend: nil)
        try ledger.markQueued(first.id, batchId: "7")
        try ledger.finish(first.id, state: .completed, error: nil,
                          outcomes: [ContactOutcome(batch: first.id, index: 0, email: "a-1@example.org", kind: .created)])
        let problems = try LedgerCheck.problems(ledger: ledger, folder: try BatchFolder.read(dir))
        #expect(problems == ["batch-00001.json: completed with outcomes for 1 of its 3 contacts"])
    }

    @Test func theCommandExitsOneAndNamesEachProblem() async throws {
        let (tmp, dir, ledger) = try plannedFolder()
        defer { tmp.remove() }
        let ok = try await runListwash(["status", dir, "--check"])
        #expect(ok.status == 0)
        #expect(ok.stdout == "ledger consistent: 2 batches (2 planned)\n")
        let first = try #require(try ledger.batches().first)
        try ledger.finish(first.id, state: .completed, error: nil, outcomes: [])
        let bad = try await runListwash(["status", dir, "--check"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("batch-00001.json (ledger row \(first.id)): state 'completed' but never sent [ledger_inconsistent]"))
        #expect(bad.stderr.contains("batch-00001.json: completed with outcomes for 0 of its 3 contacts [ledger_inconsistent]"))
    }

    /// Every planned batch sent and completed, then the folder's batches written anew (the
    /// second one changed) and planned again, as `listwash run` into the same folder does.
    func completeThenBatchAgain(_ ledger: SubmitLedger, _ dir: String) throws {
        for row in try ledger.batches() {
            try ledger.markSending(row.id, resend: nil)
            try ledger.markQueued(row.id, batchId: "b\(row.id)")
            let outcomes = (0..<row.contacts).map { ContactOutcome(batch: row.id, index: $0, email: "x\($0)@example.org", kind: .created) }
            try ledger.finish(row.id, state: .completed, error: nil, outcomes: outcomes)
        }
        try writeBatchFolder(dir, [emails("a", 3), emails("b", 3)])
        try ledger.plan(try BatchFolder.read(dir), route: .bulk)
    }

    /// `listwash run` again into the same folder with a longer input: the changed last batch is
    /// planned anew, and the earlier run's row for it is history. `status --check` called it
    /// 'changed or was removed after it was planned' and exited 1 after an ordinary re-run.
    @Test func anEarlierBatchRunIntoTheSameFolderIsHistoryNotAProblem() async throws {
        let (tmp, dir, ledger) = try plannedFolder()
        defer { tmp.remove() }
        try completeThenBatchAgain(ledger, dir)
        #expect(try LedgerCheck.problems(ledger: ledger, folder: try BatchFolder.read(dir)) == [])
        let r = try await runListwash(["status", dir, "--check"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "ledger consistent: 2 batches (1 completed, 1 planned); 1 more from earlier batch runs into this folder\n")
    }

    /// `status` after such a re-run lists the folder's own batches, counts their contacts, and
    /// sums up the earlier run's on one line; it listed 'batch-00002.json' twice, and its
    /// contact counts took in the earlier run's and disagreed with submit's summary.
    @Test func statusTellsAnEarlierBatchRunApart() async throws {
        let (tmp, dir, ledger) = try plannedFolder()
        defer { tmp.remove() }
        try completeThenBatchAgain(ledger, dir)
        let r = try await runListwash(["status", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: "batch-00002.json").count == 2, "\(r.stdout)")
        #expect(r.stdout.contains("batches: planned 1, sending 0, queued 0, completed 1, failed 0, interrupted 0\n"), "\(r.stdout)")
        #expect(r.stdout.contains("contacts: created 3, updated 0,"), "\(r.stdout)")
        #expect(r.stdout.contains("earlier batch runs into this folder (files since rewritten): 1 batch (completed 1); contacts: created 2\n"), "\(r.stdout)")
    }
}
