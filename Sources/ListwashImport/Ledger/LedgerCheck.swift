import Foundation
import ListwashCore

/// Checks that a submit ledger agrees with itself and with its batch folder (`listwash status
/// DIR --check`): what a restart after a crash relies on. Each problem is one line naming the
/// batch; an empty list means consistent.
///
/// The invariants (DESIGN §5):
/// - every batch file of the folder has exactly one row (by sha256), and every row's file is in
///   the folder with that sha256 and contact count: a file that changed after planning would be
///   sent under another file's record;
///   A row whose file is no longer in the folder is history, not a problem, when a row planned
///   after it belongs to a file that is: the folder was written again (`listwash run` or
///   `batch` into the same folder) and submitted since (``earlierRuns(rows:files:)``);
/// - a row that left `planned` was sent at least once, and re-sends never exceed sends;
/// - a `queued` bulk batch has the batchId the server gave it;
/// - outcomes belong to a known batch, name a position inside it, at most one per position;
///   a `completed` batch has an outcome for every contact.
public enum LedgerCheck {
    /// The problems found; empty when the ledger is consistent.
    public static func problems(ledger: SubmitLedger, folder files: [BatchFile]) throws(SubmitError) -> [String] {
        var problems: [String] = []
        let rows = try ledger.batches()
        var rowsBySha: [String: [BatchRow]] = [:]
        for row in rows { rowsBySha[row.sha256, default: []].append(row) }
        let filesBySha = Dictionary(files.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })

        for file in files {
            switch rowsBySha[file.sha256]?.count ?? 0 {
            case 0: problems.append("\(file.name): in the folder but not in the ledger")
            case 1: break
            case let n: problems.append("\(file.name): \(n) ledger rows for one file (sha256 \(file.sha256.prefix(12))…)")
            }
        }
        let history = earlierRuns(rows: rows, files: files)
        for row in rows {
            let name = "\(row.file) (ledger row \(row.id))"
            if history.contains(row.id) {
                // Its own invariants still hold below; only its file is gone.
            } else if let file = filesBySha[row.sha256] {
                if file.contacts.count != row.contacts {
                    problems.append("\(name): the ledger says \(row.contacts) contacts, the file holds \(file.contacts.count)")
                }
            } else {
                problems.append("\(name): no file in the folder has its sha256 \(row.sha256.prefix(12))…; the file changed or was removed after it was planned")
            }
            if row.resends > max(row.attempts - 1, 0) {
                problems.append("\(name): \(row.resends) re-sends recorded for \(row.attempts) sends")
            }
            if row.state != .planned && row.attempts == 0 && row.route == .bulk {
                problems.append("\(name): state '\(row.state.rawValue)' but never sent")
            }
            if row.state == .queued && row.route == .bulk && (row.batchId ?? "").isEmpty {
                problems.append("\(name): queued without the server's batchId")
            }
        }

        let rowsById = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [Int64: Set<Int>] = [:]
        try ledger.forEachOutcome { outcome in
            guard let row = rowsById[outcome.batch] else {
                problems.append("an outcome for '\(outcome.email)' names ledger row \(outcome.batch), which does not exist")
                return
            }
            if outcome.index < 0 || outcome.index >= row.contacts {
                problems.append("\(row.file): an outcome names contact \(outcome.index + 1) of \(row.contacts)")
            }
            if !seen[outcome.batch, default: []].insert(outcome.index).inserted {
                problems.append("\(row.file): contact \(outcome.index + 1) has more than one outcome")
            }
        }
        for row in rows where row.state == .completed {
            let recorded = seen[row.id]?.count ?? 0
            if recorded != row.contacts {
                problems.append("\(row.file): completed with outcomes for \(recorded) of its \(row.contacts) contacts")
            }
        }
        return problems
    }

    /// The rows of earlier batch runs into the same folder: rows whose file is not in the folder
    /// any more, planned before some row of a file that is. A re-run of `listwash run` with a
    /// changed input plans its new files after them; before, `status --check` called every
    /// batch of the earlier, completed run 'changed or removed after it was planned' and
    /// exited 1.
    public static func earlierRuns(rows: [BatchRow], files: [BatchFile]) -> Set<Int64> {
        let current = Set(files.map(\.sha256))
        guard let lastCurrent = rows.filter({ current.contains($0.sha256) }).map(\.id).max() else { return [] }
        return Set(rows.filter { !current.contains($0.sha256) && $0.id < lastCurrent }.map(\.id))
    }
}
