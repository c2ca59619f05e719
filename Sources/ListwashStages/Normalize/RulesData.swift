import Foundation
import ListwashCore

/// Word lists normalize reads from the shipped `rules/` folder (``RulesDirectory``): one entry
/// per line, `#` starts a comment, blank lines ignored. A list whose file is absent falls back
/// to the copy built into the binary, so an installed tool without its rules folder still works.
enum RulesData {
    /// Where a list came from, for `stages explain` and warnings.
    enum Origin: Equatable {
        case file(String)
        case builtIn
    }

    /// The entries of `relative` inside the rules folder, or `builtIn` when there is no such file.
    /// A file that exists but cannot be read is a warning (and the built-in list is used).
    static func entries(_ relative: String, builtIn: [String], context: StageContext) -> (entries: [String], origin: Origin) {
        guard let path = RulesDirectory.file(relative) else { return (builtIn, .builtIn) }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return (parse(text), .file(path))
        } catch {
            context.warn(Diagnostic(at: nil, "cannot read '\(path)'; using the built-in list", code: "rules_unreadable",
                                    notes: ["\(error)"]))
            return (builtIn, .builtIn)
        }
    }

    /// The entries of a list text: trimmed lines without comments and blanks.
    static func parse(_ text: String) -> [String] {
        var out: [String] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var s = Substring(line)
            if let hash = s.firstIndex(of: "#") { s = s[..<hash] }
            let entry = Whitespace.collapse(String(s))
            if !entry.isEmpty { out.append(entry) }
        }
        return out
    }
}
