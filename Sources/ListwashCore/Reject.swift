/// Why a record left the flow (DESIGN §2 `_reject`). Data, never thrown: later stages pass a
/// rejected record through untouched and the last stage writes it to `rejects.jsonl`.
///
/// The properties live in one reference-counted box, copied on write: a reject is copied
/// several times on its way to `rejects.jsonl` (into the record, the ledger, the writer), each
/// copy retained its four to six strings one by one, and most of those retains happened on the
/// other thread of `listwash run`, where the first touch of a string made on the reading thread
/// is a cache miss inside an atomic instruction. A copy is now one retain.
public struct Reject: Sendable, Hashable {
    @usableFromInline final class Box: @unchecked Sendable {
        @usableFromInline var code: RejectCode
        @usableFromInline var stage: String
        @usableFromInline var reason: String
        @usableFromInline var fix: String?
        @usableFromInline var column: Int?
        @usableFromInline var into: Provenance?
        @usableFromInline var match: ExclusionMatch?

        @usableFromInline init(code: RejectCode, stage: String, reason: String, fix: String?, column: Int?,
                               into: Provenance?, match: ExclusionMatch?) {
            self.code = code
            self.stage = stage
            self.reason = reason
            self.fix = fix
            self.column = column
            self.into = into
            self.match = match
        }

        @usableFromInline func copy() -> Box {
            Box(code: code, stage: stage, reason: reason, fix: fix, column: column, into: into, match: match)
        }
    }

    @usableFromInline var box: Box

    /// The box, unshared first when another reject holds it too.
    @inlinable var unique: Box {
        mutating get {
            if !isKnownUniquelyReferenced(&box) { box = box.copy() }
            return box
        }
    }

    @inlinable public var code: RejectCode {
        get { box.code }
        set { unique.code = newValue }
    }
    /// The stage that rejected the record (`parse`, `normalize`, ...).
    @inlinable public var stage: String {
        get { box.stage }
        set { unique.stage = newValue }
    }
    /// What is wrong, one line, user values in single quotes.
    @inlinable public var reason: String {
        get { box.reason }
        set { unique.reason = newValue }
    }
    /// How to fix it, when known.
    @inlinable public var fix: String? {
        get { box.fix }
        set { unique.fix = newValue }
    }
    /// 1-based column of the problem in the source line, when the parser knows it.
    @inlinable public var column: Int? {
        get { box.column }
        set { unique.column = newValue }
    }
    /// For `duplicate_merged`: the record this one was folded into.
    @inlinable public var into: Provenance? {
        get { box.into }
        set { unique.into = newValue }
    }
    /// For exclusions: which entry matched (`file:line: entry`).
    @inlinable public var match: ExclusionMatch? {
        get { box.match }
        set { unique.match = newValue }
    }

    public init(code: RejectCode, stage: String, reason: String, fix: String? = nil, column: Int? = nil,
                into: Provenance? = nil, match: ExclusionMatch? = nil) {
        box = Box(code: code, stage: stage, reason: reason, fix: fix, column: column, into: into, match: match)
    }

    public static func == (a: Reject, b: Reject) -> Bool {
        if a.box === b.box { return true }
        return a.code == b.code && a.stage == b.stage && a.reason == b.reason && a.fix == b.fix
            && a.column == b.column && a.into == b.into && a.match == b.match
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(stage)
        hasher.combine(reason)
        hasher.combine(fix)
        hasher.combine(column)
        hasher.combine(into)
        hasher.combine(match)
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
