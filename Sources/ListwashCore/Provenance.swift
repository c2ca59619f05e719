/// Where a record came from: the file as given (`-` for stdin), the 1-based record number in
/// that file, and the 1-based physical line where the record starts (DESIGN §2 `_src`).
public struct Provenance: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var record: Int
    public var line: Int

    public init(file: String, record: Int, line: Int) {
        self.file = file
        self.record = record
        self.line = line
    }

    /// Whether this names a record at all: a record number (1-based). A hand-made line's
    /// `"_src":{}` does not, and is read as a line without `_src` (the reader's position).
    public var isKnown: Bool { record > 0 }

    /// `file:line`, the form used in messages.
    public var description: String { "\(file):\(line)" }
}
