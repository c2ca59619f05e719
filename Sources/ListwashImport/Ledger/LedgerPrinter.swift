import Foundation

/// The text `listwash status` prints: target, one line per batch, outcome counts, events.
public enum LedgerPrinter {
    /// The ledger as text. Rows in `earlier` (``LedgerCheck/earlierRuns(rows:files:)``: batches of
    /// an earlier batch run into the same folder) are left out of the table and the counts and
    /// summed up on a line of their own; listed with the folder's own batches, a re-run showed
    /// every file name twice and contact counts that disagreed with submit's summary.
    public static func text(_ ledger: SubmitLedger, earlier: Set<Int64> = []) throws(SubmitError) -> String {
        let all = try ledger.batches()
        let rows = all.filter { !earlier.contains($0.id) }
        var out = "ledger: \(ledger.path)"
        if let target = try ledger.target() { out += " · target \(target)" }
        out += "\n"
        let header = ["file", "contacts", "route", "state", "batchId", "attempts", "re-sends", "last error"]
        var table = [header]
        for r in rows {
            table.append([r.file, String(r.contacts), r.route.rawValue, r.state.rawValue, r.batchId ?? "-", String(r.attempts),
                          String(r.resends), r.lastError ?? ""])
        }
        var widths = Array(repeating: 0, count: header.count)
        for row in table { for (i, c) in row.enumerated() where i < header.count - 1 { widths[i] = max(widths[i], c.count) } }
        for row in table {
            var line = ""
            for (i, c) in row.enumerated() {
                line += i == header.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2)
            }
            out += line.trimmingCharacters(in: .whitespaces) + "\n"
        }
        var states: [BatchState: Int] = [:]
        for r in rows { states[r.state, default: 0] += 1 }
        out += "batches: " + BatchState.allCases.map { "\($0.rawValue) \(states[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        var counts = try ledger.outcomeCounts()
        var earlierCounts: [ContactOutcomeKind: Int] = [:]
        if !earlier.isEmpty {
            for id in earlier.sorted() {
                for o in try ledger.outcomes(batch: id) {
                    earlierCounts[o.kind, default: 0] += 1
                    counts[o.kind, default: 0] -= 1
                }
            }
        }
        out += "contacts: " + ContactOutcomeKind.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        if !earlier.isEmpty {
            var earlierStates: [BatchState: Int] = [:]
            for r in all where earlier.contains(r.id) { earlierStates[r.state, default: 0] += 1 }
            let stateText = BatchState.allCases.compactMap { s in earlierStates[s].map { "\(s.rawValue) \($0)" } }.joined(separator: ", ")
            let contactText = ContactOutcomeKind.allCases.compactMap { k in earlierCounts[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ")
            out += "earlier batch runs into this folder (files since rewritten): \(earlier.count) batch\(earlier.count == 1 ? "" : "es") (\(stateText))"
            out += contactText.isEmpty ? "\n" : "; contacts: \(contactText)\n"
        }
        let events = try ledger.events()
        if !events.isEmpty {
            let names = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.file) })
            out += "events:\n"
            for e in events {
                out += "  \(e.at) \(e.batch.flatMap { names[$0] } ?? "-") \(e.kind): \(e.detail)\n"
            }
        }
        return out
    }
}
