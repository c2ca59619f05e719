import ListwashCore

extension BatchWriter {
    /// Consumes every record of `input` (`listwash batch`). `input` must keep lines.
    ///
    /// Plain lines are only glanced at (``RecordGlance``, ``consume(glance:line:)``): records
    /// rejected upstream go to `rejects.jsonl` as their lines, live ones are copied from them.
    /// Other lines with a contact object as ``ContactPayload`` writes it are decoded no further
    /// than ``contactLineFields`` (``consume(_:contactLine:)``); the rest are decoded whole.
    public mutating func consumeAll(from input: inout RecordStream) throws {
        guard takesContactLines else {
            // Records rejected upstream still go to `rejects.jsonl` as their lines.
            while let r = try input.next() { try consume(r, line: input.lastLine) }
            return
        }
        while let next = try input.nextGlanced(taking: { g, line in try consume(glance: g, line: line) }) {
            switch next {
            case .glance:
                // A plain line consume(glance:line:) did not take.
                try consume(input.fullRecordOfLastLine(), line: input.lastLine)
            case .record(var r):
                // Decoded in part only when unchanged since (RecordStream.next(wanting:offering:)).
                let partial = r.isUnchangedSinceDecoding
                if r.isRejected {
                    if partial && settings.rejectsCSV { r = try input.fullRecordOfLastLine() }
                    try consume(r, line: input.lastLine)
                } else if partial {
                    let copied = try input.lastLine.withUnsafeBufferPointer { try consume(r, contactLine: $0) }
                    if !copied { try consume(input.fullRecordOfLastLine()) }
                } else {
                    try consume(r)
                }
            }
        }
    }
}
