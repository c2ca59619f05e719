import ListwashCore

extension BatchWriter {
    /// Consumes every record of `input` (`listwash batch`). `input` must keep lines.
    ///
    /// Live records whose line holds their contact object are copied from it, decoded no further
    /// than ``contactLineFields`` (``consume(_:contactLine:)``); the others are decoded whole.
    /// Records rejected upstream go to `rejects.jsonl` as their lines; they are decoded whole
    /// only for `rejects.csv`.
    public mutating func consumeAll(from input: inout RecordStream) throws {
        let wanted: RecordFieldSet = takesContactLines ? Self.contactLineFields : .all
        while var r = try input.next(wanting: wanted) {
            // Decoded in part only when unchanged since (RecordStream.next(wanting:)).
            let partial = wanted != .all && r.isUnchangedSinceDecoding
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
