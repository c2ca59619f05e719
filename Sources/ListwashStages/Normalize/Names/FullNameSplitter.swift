/// Splits a whole name (`_full_name`: a "Name" column, vCard FN) into first and last name:
/// `Dr. Jane van der Berg Jr.` → first `Jane`, last `van der Berg Jr.`; `Smith, John` →
/// first `John`, last `Smith`. Prefixes (Dr., Mrs.) are dropped and reported; suffixes (Jr.,
/// III, PhD) stay with the last name, since ActiveCampaign has no field for them.
enum FullNameSplitter {
    struct Split: Equatable {
        var first: String?
        var last: String?
        /// Titles removed from the front, as written.
        var droppedPrefixes: [String] = []
    }

    static let prefixes: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "fr", "sir", "dame", "hon", "lord", "lady",
                                        "capt", "col", "gen", "maj", "lt", "sgt", "herr", "frau", "mme", "mlle", "doctor", "professor"]
    static let suffixes: Set<String> = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "dds", "dmd", "esq", "cpa", "mba", "rn", "jd", "dvm", "obe", "mbe", "cbe", "ret"]

    static func split(_ fullName: String) -> Split {
        // An address is no part of a name: Outlook writes its display name as
        // "Bob Builder (bob@contoso.com)", which split into the last name "(bob@contoso.com)".
        let name = Whitespace.collapse(fullName.split(separator: " ").filter { !$0.contains("@") }.joined(separator: " "))
        let parts = name.split(separator: ",").map { Whitespace.collapse(String($0)) }.filter { !$0.isEmpty }
        guard parts.count >= 2 else { return splitWords(words(name)) }
        let trailing = parts.dropFirst()
        if trailing.allSatisfy(isSuffix) {
            // "John Smith, Jr."
            var s = splitWords(words(parts[0]))
            s.last = ([s.last].compactMap { $0 } + trailing).joined(separator: " ")
            return s
        }
        // "Smith, John [, Jr.]": everything after the first comma but suffixes is the given name.
        var given = words(parts[1])
        let dropped = dropPrefixes(&given)
        let last = ([parts[0]] + parts.dropFirst(2).filter(isSuffix)).joined(separator: " ")
        return Split(first: given.isEmpty ? nil : given.joined(separator: " "), last: last, droppedPrefixes: dropped)
    }

    private static func words(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

    private static func key(_ word: String) -> String {
        CaseFolding.lowercase(String(word.filter { $0 != "." }))
    }

    private static func isSuffix(_ word: String) -> Bool { suffixes.contains(key(word)) }

    /// Removes leading titles (keeping at least one word) and returns them.
    private static func dropPrefixes(_ words: inout [String]) -> [String] {
        var dropped: [String] = []
        while words.count > 1, prefixes.contains(key(words[0])) { dropped.append(words.removeFirst()) }
        return dropped
    }

    private static func splitWords(_ all: [String]) -> Split {
        var words = all
        let dropped = dropPrefixes(&words)
        var suffix: [String] = []
        while words.count > 2, isSuffix(words[words.count - 1]) { suffix.insert(words.removeLast(), at: 0) }
        guard !words.isEmpty else { return Split(first: nil, last: nil, droppedPrefixes: dropped) }
        if words.count == 1 { return Split(first: words[0], last: nil, droppedPrefixes: dropped) }
        // The last name is the last word with the particles before it (van der Berg, de la Cruz).
        var lastStart = words.count - 1
        while lastStart > 1, NameCaser.particles.contains(CaseFolding.lowercase(words[lastStart - 1])) { lastStart -= 1 }
        return Split(first: words[..<lastStart].joined(separator: " "), last: (words[lastStart...] + suffix).joined(separator: " "),
                     droppedPrefixes: dropped)
    }
}
