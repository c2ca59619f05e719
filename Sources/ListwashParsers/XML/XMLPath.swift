import ListwashCore

/// A path in listwash's small XPath-like subset, as written in `--record`, `--column NAME=PATH`
/// and the `record:`/`columns:` keys of an XML mapping preset.
///
/// Grammar (a subset of XPath 1.0 abbreviated syntax):
/// ```
/// path        := alternative ( '|' alternative )*
/// alternative := [ '/' | '//' ] step ( ( '/' | '//' ) step )* [ '/' '@' name | '/text()' ]
///              | '@' name | '.' | 'text()'
/// step        := nametest [ '[' '@' name [ '=' literal ] ']' ]
/// nametest    := '*' | name | prefix ':' name | prefix ':' '*'
/// literal     := "'" chars "'" | '"' chars '"'
/// ```
/// Semantics, and where they differ from XPath 1.0:
/// - A record path is absolute (`/feed/entry`, `//v:vcard`); a field path is relative to the
///   record element and uses child steps only (`gd:name/gd:givenName`). A leading `./` is allowed.
/// - An **unprefixed** name matches that local name in any namespace (or none), so documents with
///   a default namespace work without declaring it. A prefixed name matches only the namespace the
///   prefix is bound to (in the mapping, else on the document's root element).
/// - A predicate tests one attribute of the step's element: present (`[@primary]`) or equal to a
///   literal (`[@primary='true']`). Attribute names follow the same prefix rule.
/// - The value of an element is its string-value (all descendant text and CDATA, concatenated)
///   with leading and trailing XML whitespace removed; inner whitespace and newlines are kept.
/// - `a | b`: the alternatives are tried **in the order written** (not document order): the first
///   alternative that yields a non-empty value wins for a single-valued property.
public struct XMLPath: Sendable, Hashable, CustomStringConvertible {
    public var alternatives: [Alternative]
    /// The text as written.
    public var text: String

    public var description: String { text }

    /// One `|`-separated branch of a path.
    public struct Alternative: Sendable, Hashable {
        public var absolute: Bool
        public var steps: [Step]
        public var terminal: Terminal
    }

    /// What a path selects at its end.
    public enum Terminal: Sendable, Hashable {
        /// The string-value of the last step's element (or of the record for `.`).
        case text
        /// The value of an attribute of the last step's element (or of the record for `@a`).
        case attribute(QualifiedName)
    }

    /// One location step: how it is reached, which elements it matches, and an optional predicate.
    public struct Step: Sendable, Hashable {
        public enum Axis: Sendable, Hashable { case child, descendant }
        public var axis: Axis
        /// nil local name = `*`.
        public var name: QualifiedName
        public var predicate: Predicate?
    }

    /// `[@name]` or `[@name='value']`.
    public struct Predicate: Sendable, Hashable {
        public var attribute: QualifiedName
        public var value: String?
    }

    /// A name as written: optional prefix, local name (nil for `*`).
    public struct QualifiedName: Sendable, Hashable, CustomStringConvertible {
        public var prefix: String?
        public var local: String?
        public var description: String { (prefix.map { $0 + ":" } ?? "") + (local ?? "*") }
    }

    /// Every prefix the path uses, in order of first use.
    public var prefixes: [String] {
        var out: [String] = []
        func add(_ q: QualifiedName) { if let p = q.prefix, !out.contains(p) { out.append(p) } }
        for alt in alternatives {
            for s in alt.steps {
                add(s.name)
                if let p = s.predicate { add(p.attribute) }
            }
            if case .attribute(let q) = alt.terminal { add(q) }
        }
        return out
    }
}

/// A path that does not parse, with the 1-based character where the problem is.
public struct XMLPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var column: Int
    public var message: String
    public var description: String { "invalid XML path '\(path)' at character \(column): \(message)" }
}

extension XMLPath {
    /// Which paths the parser accepts.
    public enum Kind: Sendable { case record, field }

    /// Parses `text` as a record path (absolute, one alternative, elements only) or a field path
    /// (relative, child steps, alternatives, attribute terminals).
    public init(parsing text: String, kind: Kind) throws(XMLPathError) {
        var p = PathParser(text: text)
        let alts = try p.parse(kind: kind)
        self.alternatives = alts
        self.text = text
    }
}

/// Recursive-descent parser over the path's characters (paths are short, written by people).
private struct PathParser {
    let text: String
    let chars: [Character]
    var i = 0

    init(text: String) {
        self.text = text
        chars = Array(text)
    }

    func fail(_ message: String, at index: Int? = nil) -> XMLPathError {
        XMLPathError(path: text, column: (index ?? i) + 1, message: message)
    }

    var atEnd: Bool { i >= chars.count }
    func peek(_ offset: Int = 0) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }
    mutating func skipSpaces() { while let c = peek(), c == " " || c == "\t" { i += 1 } }

    mutating func parse(kind: XMLPath.Kind) throws(XMLPathError) -> [XMLPath.Alternative] {
        var alts: [XMLPath.Alternative] = []
        repeat {
            skipSpaces()
            alts.append(try alternative(kind: kind))
            skipSpaces()
            if atEnd { break }
            guard peek() == "|" else { throw fail("expected '|' or the end of the path, found '\(peek()!)'") }
            if kind == .record { throw fail("a record path has one alternative ('|' is for field paths)") }
            i += 1
        } while true
        return alts
    }

    mutating func alternative(kind: XMLPath.Kind) throws(XMLPathError) -> XMLPath.Alternative {
        if atEnd || peek() == "|" { throw fail("empty path") }
        var absolute = false
        var steps: [XMLPath.Step] = []
        var axis = XMLPath.Step.Axis.child
        if peek() == "/" {
            absolute = true
            if kind == .field { throw fail("a field path is relative to the record element: drop the leading '/'") }
            i += 1
            if peek() == "/" { i += 1; axis = .descendant }
        } else if kind == .record {
            throw fail("a record path is absolute: start it with '/' (or '//')")
        } else if peek() == ".", peek(1) == "/" {
            i += 2
        } else if peek() == ".", peek(1) == nil || peek(1) == " " || peek(1) == "|" {
            i += 1
            return XMLPath.Alternative(absolute: false, steps: [], terminal: .text)
        }
        while true {
            if peek() == "@" {
                if kind == .record { throw fail("a record path selects elements, not attributes") }
                i += 1
                let name = try qualifiedName(allowWildcard: false)
                return XMLPath.Alternative(absolute: absolute, steps: steps, terminal: .attribute(name))
            }
            if matchText("text()") {
                if kind == .record { throw fail("a record path selects elements, not text") }
                return XMLPath.Alternative(absolute: absolute, steps: steps, terminal: .text)
            }
            let name = try qualifiedName(allowWildcard: true)
            var predicate: XMLPath.Predicate?
            if peek() == "[" { predicate = try self.predicate() }
            steps.append(XMLPath.Step(axis: axis, name: name, predicate: predicate))
            guard peek() == "/" else { break }
            i += 1
            axis = .child
            if peek() == "/" {
                if kind == .field { throw fail("'//' is only allowed in a record path; write each child step") }
                i += 1
                axis = .descendant
            }
        }
        return XMLPath.Alternative(absolute: absolute, steps: steps, terminal: .text)
    }

    mutating func matchText(_ s: String) -> Bool {
        let cs = Array(s)
        guard i + cs.count <= chars.count, Array(chars[i..<i + cs.count]) == cs else { return false }
        i += cs.count
        return true
    }

    mutating func predicate() throws(XMLPathError) -> XMLPath.Predicate {
        let open = i
        i += 1
        skipSpaces()
        guard peek() == "@" else { throw fail("a predicate tests an attribute: write [@name='value']") }
        i += 1
        let name = try qualifiedName(allowWildcard: false)
        skipSpaces()
        var value: String?
        if peek() == "=" {
            i += 1
            skipSpaces()
            guard let q = peek(), q == "'" || q == "\"" else { throw fail("expected a quoted value after '='") }
            i += 1
            let start = i
            while let c = peek(), c != q { i += 1 }
            guard !atEnd else { throw fail("unterminated quoted value", at: start - 1) }
            value = String(chars[start..<i])
            i += 1
            skipSpaces()
        }
        guard peek() == "]" else { throw fail("unterminated predicate (expected ']')", at: open) }
        i += 1
        return XMLPath.Predicate(attribute: name, value: value)
    }

    mutating func qualifiedName(allowWildcard: Bool) throws(XMLPathError) -> XMLPath.QualifiedName {
        let first = try ncName(allowWildcard: allowWildcard)
        if peek() == ":" {
            guard let prefix = first else { throw fail("'*' cannot be a prefix") }
            i += 1
            let local = try ncName(allowWildcard: allowWildcard)
            return XMLPath.QualifiedName(prefix: prefix, local: local)
        }
        return XMLPath.QualifiedName(prefix: nil, local: first)
    }

    /// A name (nil for `*`).
    mutating func ncName(allowWildcard: Bool) throws(XMLPathError) -> String? {
        if peek() == "*" {
            guard allowWildcard else { throw fail("'*' is not allowed here") }
            i += 1
            return nil
        }
        let start = i
        while let c = peek(), Self.isNameChar(c, first: i == start) { i += 1 }
        guard i > start else {
            if let c = peek() { throw fail("expected a name, found '\(c)'") }
            throw fail("expected a name at the end of the path")
        }
        return String(chars[start..<i])
    }

    static func isNameChar(_ c: Character, first: Bool) -> Bool {
        if c.isLetter || c == "_" { return true }
        if first { return false }
        return c.isNumber || c == "-" || c == "." || c == "\u{B7}"
    }
}
