/// A position in a source text (pipeline file, input file), 1-based.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A problem for a person to fix, printed as `file:line:column: error: what [code]` with
/// optional `note:` and `fix:` lines (STYLE "Errors and messages").
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var position: SourcePosition?
    /// What is wrong: lowercase, no final period, user values in single quotes.
    public var message: String
    /// Stable snake_case code, e.g. `unknown_key`.
    public var code: String
    public var notes: [String]
    public var fix: String?

    public init(_ severity: Severity = .error, at position: SourcePosition?, _ message: String, code: String,
                notes: [String] = [], fix: String? = nil) {
        self.severity = severity
        self.position = position
        self.message = message
        self.code = code
        self.notes = notes
        self.fix = fix
    }

    public var description: String {
        var s = ""
        if let position { s += "\(position): " }
        s += "\(severity.rawValue): \(message) [\(code)]"
        for n in notes { s += "\n  note: \(n)" }
        if let fix { s += "\n  fix: \(fix)" }
        return s
    }
}

/// Several diagnostics at once (a linter's whole list, a settings block's every problem).
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The edit distance between two strings, for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
public func nearest(_ word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= Swift.max(2, word.count / 3) ? best.0 : nil
}
