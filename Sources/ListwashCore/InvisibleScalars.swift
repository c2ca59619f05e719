/// The characters no contact value or run-level setting should hold: C0 and C1 control
/// characters other than whitespace (NUL, ESC, DEL ...: terminal escapes, and truncation in the
/// systems the contacts go to), and the invisible format characters that change how the text
/// around them looks without being seen: the zero-width space U+200B, the word joiner U+2060,
/// U+FEFF, and the bidirectional embeddings, overrides and isolates U+202A–U+202E and
/// U+2066–U+2069 (the "Trojan Source" characters). Zero-width joiners and non-joiners are not
/// among them: scripts such as Persian and emoji sequences need them.
public enum InvisibleScalars {
    public static func contains(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x00...0x08, 0x0E...0x1F, 0x7F, 0x80...0x84, 0x86...0x9F: return true
        case 0x200B, 0x2060, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
