/// Why a record left the flow (DESIGN §2 `_reject`). Data, never thrown: later stages pass a
/// rejected record through untouched and the last stage writes it to `rejects.jsonl`.
public struct Reject: Sendable, Hashable {
    public var code: RejectCode
    /// The stage that rejected the record (`parse`, `normalize`, ...).
    public var stage: String
    /// What is wrong, one line, user values in single quotes.
    public var reason: String
    /// How to fix it, when known.
    public var fix: String?
    /// 1-based column of the problem in the source line, when the parser knows it.
    public var column: Int?
    /// For `duplicate_merged`: the record this one was folded into.
    public var into: Provenance?
    /// For exclusions: which entry matched (`file:line: entry`).
    public var match: ExclusionMatch?

    public init(code: RejectCode, stage: String, reason: String, fix: String? = nil, column: Int? = nil,
                into: Provenance? = nil, match: ExclusionMatch? = nil) {
        self.code = code
        self.stage = stage
        self.reason = reason
        self.fix = fix
        self.column = column
        self.into = into
        self.match = match
    }
}

/// The exclusion entry that matched a record: its file, line and text as written.
public struct ExclusionMatch: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var entry: String

    public init(file: String, line: Int, entry: String) {
        self.file = file
        self.line = line
        self.entry = entry
    }
}
