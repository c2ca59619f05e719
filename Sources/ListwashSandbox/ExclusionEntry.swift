import Foundation

/// One entry of the account's exclusion list, as ActiveCampaign matches them: the whole
/// address, its beginning, or its end (case-insensitive).
public struct ExclusionEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case exact, begins, ends }
    public var kind: Kind
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text.lowercased()
    }

    public func matches(_ email: String) -> Bool {
        let e = email.lowercased()
        switch kind {
        case .exact: return e == text
        case .begins: return e.hasPrefix(text)
        case .ends: return e.hasSuffix(text)
        }
    }

    /// Reads an exclusion file: one entry a line, `#` comments; `exact:`/`begins:`/`ends:`
    /// prefixes choose the kind; a bare address is exact, a bare `@domain` ends-with.
    public static func parse(file text: String) -> [ExclusionEntry] {
        var out: [ExclusionEntry] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let e = prefixed(line, ["exact:"], .exact) ?? prefixed(line, ["begins:", "prefix:"], .begins) ?? prefixed(line, ["ends:", "suffix:"], .ends) {
                out.append(e)
            } else if line.hasPrefix("@") {
                out.append(ExclusionEntry(kind: .ends, text: line))
            } else {
                out.append(ExclusionEntry(kind: .exact, text: line))
            }
        }
        return out
    }

    static func prefixed(_ line: String, _ prefixes: [String], _ kind: Kind) -> ExclusionEntry? {
        for p in prefixes where line.lowercased().hasPrefix(p) {
            return ExclusionEntry(kind: kind, text: String(line.dropFirst(p.count)).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
