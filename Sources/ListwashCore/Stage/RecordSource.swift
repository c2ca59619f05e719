/// A parser reading one input into records (DESIGN §3 `parse`). Malformed records come out as
/// rejects with provenance; only unusable input (unreadable file, no email column, refused XML)
/// throws, as a ``Diagnostic`` naming file, line and column.
public protocol RecordSource {
    /// The next record, or nil at the end.
    mutating func next() throws -> ContactRecord?
    /// What was detected or chosen (encoding, delimiter, line endings, mapping preset), for the
    /// ledger, `--stats` and the audit. Complete once `next()` has returned nil.
    var facts: [KeyValue] { get }
    /// Problems that stopped the read early (e.g. XML malformed halfway): the records before it
    /// were emitted; the command reports the file as read in part and exits non-zero.
    var partial: [Diagnostic] { get }
    /// The next record as its JSON line (``ContactRecord/writeJSON(to:)``, no newline), for
    /// `listwash parse`: a source may write a plain record straight from its input bytes
    /// (``SourceLine/written``) instead of building the record; anything else comes back as a
    /// record for the caller to write. Nil at the end. The default builds every record.
    mutating func nextLine(into w: inout JSONWriter) throws -> SourceLine?
}

extension RecordSource {
    public var partial: [Diagnostic] { [] }
    public mutating func nextLine(into w: inout JSONWriter) throws -> SourceLine? { try next().map(SourceLine.record) }
}

/// What ``RecordSource/nextLine(into:)`` produced.
public enum SourceLine {
    /// A live record (not a reject), already written to the writer.
    case written
    /// A record for the caller to write.
    case record(ContactRecord)
}

/// A stage that is built from settings (a pipeline file block or command-line flags) through its
/// ``StageSpec``. The constructor validates everything up front and reports every problem.
public protocol ConfigurableStage: Stage {
    static var spec: StageSpec { get }
    init(settings: SettingNode, context: StageContext) throws(DiagnosticList)
}

/// What a stage needs from its surroundings while being built: where relative paths start, the
/// environment (for documented `${VAR}` expansion), and a place for load-time warnings.
public final class StageContext {
    /// Relative paths in settings resolve against this directory (the pipeline file's folder,
    /// or the working directory for commands).
    public let baseDirectory: String
    public let environment: [String: String]
    /// Warnings found while building (e.g. an ends-with exclusion entry without '@').
    public private(set) var warnings: [Diagnostic] = []

    public init(baseDirectory: String = ".", environment: [String: String] = [:]) {
        self.baseDirectory = baseDirectory
        self.environment = environment
    }

    public func warn(_ d: Diagnostic) {
        var d = d
        d.severity = .warning
        warnings.append(d)
    }

    /// `path` resolved against ``baseDirectory`` unless absolute or `-`.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || path == "-" || baseDirectory == "." || baseDirectory.isEmpty { return path }
        return baseDirectory + "/" + path
    }
}
