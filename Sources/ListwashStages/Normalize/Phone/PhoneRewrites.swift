/// Other readings of a phone number libphonenumber finds invalid as written, each of which says
/// the same number in a form it reads. Tried in order, only when the number as written is not
/// valid; the first valid reading wins, so a valid number is never rewritten.
enum PhoneRewrites {
    /// The readings of `text` (trimmed, not empty) to try.
    static func candidates(_ text: String) -> [String] {
        var out: [String] = []
        let unlabelled = withoutTrailingLabel(text)
        if let unlabelled { out.append(unlabelled) }
        for t in [text, unlabelled].compactMap({ $0 }) {
            if let international = internationalFromDoubleZero(t) { out.append(international) }
        }
        return out
    }

    /// `+1 202 555 0143 (mobile)` without its label: a last group in parentheses or brackets
    /// that holds no digit (`(mobile)`, `[work]`, `(h)`). libphonenumber reads its letters as a
    /// vanity number's and finds the whole invalid.
    static func withoutTrailingLabel(_ text: String) -> String? {
        guard let last = text.last, last == ")" || last == "]" else { return nil }
        let open: Character = last == ")" ? "(" : "["
        guard let start = text.lastIndex(of: open) else { return nil }
        let label = text[text.index(after: start)..<text.index(before: text.endIndex)]
        guard !label.isEmpty, label.count <= 20, label.allSatisfy({ $0.isLetter || $0 == " " || $0 == "." || $0 == "-" }) else { return nil }
        let rest = text[..<start].trimmingSuffix { $0 == " " || $0 == "-" || $0 == "," }
        return rest.contains(where: \.isNumber) ? String(rest) : nil
    }

    /// `0044 20 7946 0958` as `+44 20 7946 0958`: "00" is the international prefix of most of
    /// the world (ITU-T E.164), so a list from Europe writes it where a US default region
    /// expects "011" or "+".
    static func internationalFromDoubleZero(_ text: String) -> String? {
        guard text.hasPrefix("00") else { return nil }
        let rest = text.dropFirst(2).drop { $0 == " " || $0 == "-" || $0 == "." }
        guard let first = rest.first, first.isNumber, first != "0" else { return nil }
        return "+" + rest
    }
}

private extension Substring {
    func trimmingSuffix(while drop: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, drop(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
