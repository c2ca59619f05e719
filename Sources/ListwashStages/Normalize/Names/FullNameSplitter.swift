/// Splits a whole name (`_full_name`: a "Name" column, vCard FN) into first and last name:
/// `Dr. Jane van der Berg Jr.` → first `Jane`, last `van der Berg Jr.`; `Smith, John` →
/// first `John`, last `Smith`. Prefixes (Dr., Mrs.) are dropped and reported; suffixes (Jr.,
/// III, PhD) stay with the last name, since ActiveCampaign has no field for them.
///
/// A name written in Chinese, Japanese or Korean script (Han, Hiragana, Katakana, Hangul) puts
/// the family name first: `山田 太郎` → first `太郎`, last `山田`. One written without a space
/// (`佐藤花子`) is not split (the border is not in the text); a mixed or Latin-script name
/// follows the Western order.
enum FullNameSplitter {
    struct Split: Equatable {
        var first: String?
        var last: String?
        /// Titles removed from the front, as written.
        var droppedPrefixes: [String] = []
        /// Split family name first (a CJK-script name).
        var familyNameFirst = false
    }

    static let prefixes: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "fr", "sir", "dame", "hon", "lord", "lady",
                                        "capt", "col", "gen", "maj", "lt", "sgt", "herr", "frau", "mme", "mlle", "doctor", "professor"]
    static let suffixes: Set<String> = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "dds", "dmd", "esq", "cpa", "mba", "rn", "jd", "dvm", "obe", "mbe", "cbe", "ret"]

    static func split(_ fullName: String) -> Split {
        // An address is no part of a name: Outlook writes its display name as
        // "Bob Builder (bob@contoso.com)", which split into the last name "(bob@contoso.com)".
        // Collapsed first, so any whitespace (a tab, the ideographic space U+3000 between the
        // parts of a CJK name) separates words; Foundation's `contains` and
        // `replacingOccurrences` bridged every full name to NSString for the U+3000 case.
        let name = Whitespace.collapse(fullName).split(separator: " ").filter { !$0.contains("@") }.joined(separator: " ")
        let parts = name.split(separator: ",").map { Whitespace.collapse(String($0)) }.filter { !$0.isEmpty }
        if parts.count < 2, case let all = words(name), all.count >= 2, all.allSatisfy(isCJK) {
            // "山田 太郎": family name, then given name.
            return Split(first: all.dropFirst().joined(separator: " "), last: all[0], familyNameFirst: true)
        }
        if parts.count < 2 && name.contains(",") {
            // A comma with nothing on one side of it: "Smith," is "Last, First" without the
            // first name, ", Jane" the same without the last; the comma was kept in a name.
            guard let only = parts.first else { return Split(first: nil, last: nil) }
            return name.first == "," ? splitWords(words(only)) : Split(first: nil, last: only)
        }
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

    /// Whether every character of `word` is Han, Hiragana, Katakana or Hangul (or the
    /// iteration mark 々): scripts that write the family name first.
    static func isCJK(_ word: String) -> Bool {
        !word.isEmpty && word.unicodeScalars.allSatisfy { s in
            switch s.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true  // Han
            case 0x3005, 0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return true  // 々, kana
            case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF: return true  // Hangul
            default: return false
            }
        }
    }

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
