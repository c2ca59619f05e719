/// Text from an input made safe to print on a terminal.
///
/// Contact exports are untrusted: a header name or a value may hold escape sequences (colours, a
/// cleared screen, a window title, a rewritten line) or bidirectional overrides that make a
/// message read differently than it is. Every diagnostic, ledger and report printed for a person
/// goes through ``visible(_:)``: control characters other than tab and line feed, DEL, the C1
/// controls and the bidirectional embedding, override and isolate characters are written as
/// `\u{1B}`-style escapes. Files (records, JSON, HTML) keep the text as it is.
public enum TerminalSafe {
    /// `text` with every character a terminal would act on written as `\u{XX}`; `text` itself
    /// (no copy) when there is none, which a scan of its bytes tells.
    public static func visible(_ text: String) -> String {
        guard mayHoldControls(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isActedOn(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether ``visible(_:)`` writes `s` as an escape: a control character other than tab and
    /// line feed, DEL, a C1 control, or a bidirectional embedding, override or isolate.
    public static func isActedOn(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Whether the UTF-8 bytes hold a C0 control other than tab and LF, DEL, a C1 control
    /// (`C2 80`–`C2 9F`) or a character starting `E2 80`/`E2 81` (where the bidi controls are).
    private static func mayHoldControls(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b < 0x20 && b != 0x09 && b != 0x0A { return true }
            if b == 0x7F { return true }
            if previous == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            if previous == 0xE2 && (b == 0x80 || b == 0x81) { return true }
            previous = b
        }
        return false
    }
}
