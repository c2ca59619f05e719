import Foundation

/// The text `listwash status` prints: target, one line per batch, outcome counts, events.
public enum LedgerPrinter {
    public static func text(_ ledger: SubmitLedger) throws(SubmitError) -> String {
        let rows = try ledger.batches()
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
        let counts = try ledger.outcomeCounts()
        out += "contacts: " + ContactOutcomeKind.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        let events = try ledger.events()
        if !events.isEmpty {
            let names = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.file) })
            out += "events:\n"
            for e in events {
                out += "  \(e.at) \(e.batch.flatMap { names[$0] } ?? "-") \(e.kind): \(e.detail)\n"
            }
        }
        return out
    }
}
