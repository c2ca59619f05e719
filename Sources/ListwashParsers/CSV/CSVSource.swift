import ListwashCore

/// Placeholder until the CSV reader lands: it refuses every input with a clear message.
public struct CSVSource: RecordSource {
    public init(path: String, settings: ParseSettings) throws {
        throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "this input format is not supported yet", code: "format_unsupported")
    }
    public mutating func next() throws -> ContactRecord? { nil }
    public var facts: [KeyValue] { [] }
}
