/// Non-ASCII characters that have no place in an address even where Unicode is allowed
/// (RFC 6531): Unicode spaces and separators, control and format characters (zero-width
/// space, bidi overrides), private-use, unassigned and noncharacters, the replacement
/// character left by broken decoding, and a combining mark with nothing to combine with.
enum UnsafeCharacters {
    /// The first unsafe scalar of `s`; `atStart` also refuses a leading combining mark.
    static func first(in s: String, atStart: Bool) -> Unicode.Scalar? {
        var isFirst = true
        for c in s.unicodeScalars {
            defer { isFirst = false }
            if c.value < 0x80 { continue }
            if c == "\u{FFFD}" { return c }
            switch c.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator:
                return c
            case .nonspacingMark, .spacingMark, .enclosingMark:
                if isFirst && atStart { return c }
            default:
                break
            }
        }
        return nil
    }

    /// `U+200B (ZERO WIDTH SPACE)`.
    static func describe(_ c: Unicode.Scalar) -> String {
        let hex = "U+" + CharacterClass.hex4(c.value)
        if let name = c.properties.name { return "\(hex) (\(name))" }
        return hex
    }
}
