import ListwashCore

extension ByteOutput {
    /// Writes a record as one JSON line into the output buffer (no intermediate copy).
    func writeRecord(_ r: ContactRecord) throws(OutputError) {
        try append { buf in
            var w = JSONWriter(capacity: 0)
            swap(&w.bytes, &buf)
            r.writeJSON(to: &w)
            w.byte(0x0A)
            swap(&w.bytes, &buf)
        }
    }
}

/// Prints the ledger line and writes `--stats`.
func report(_ ledgers: [Ledger], stats: String?) throws {
    for l in ledgers { printError(l.line) }
    if let stats {
        let body = ledgers.count == 1 ? ledgers[0].json : "[" + ledgers.map { $0.json.trimmingTrailingNewline }.joined(separator: ",") + "]\n"
        try writeTextFile(stats, body)
    }
}

extension String {
    var trimmingTrailingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
