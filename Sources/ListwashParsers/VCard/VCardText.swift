/// vCard text values on UTF-8 bytes: splitting structured values on unescaped separators and
/// resolving the escapes `\,` `\;` `\:` `\\` `\n` / `\N` (an unknown escape keeps its backslash,
/// as 2.1 values use backslashes literally, e.g. Windows paths).
enum VCardText {
    /// The pieces of `r` between unescaped `separator` bytes.
    static func split(_ a: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, on separator: UInt8) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = r.lowerBound
        var i = r.lowerBound
        while i < r.upperBound {
            let b = a[i]
            if b == 0x5C { i += 2; continue }
            if b == separator {
                parts.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        parts.append(start..<r.upperBound)
        return parts
    }

    /// The text of `r` with escapes resolved.
    static func string(_ a: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: a[r])
        guard slice.contains(0x5C) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            let b = slice[i]
            if b == 0x5C && i + 1 < slice.count {
                let e = slice[i + 1]
                switch e {
                case UInt8(ascii: "n"), UInt8(ascii: "N"): out.append(0x0A); i += 2; continue
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), 0x5C: out.append(e); i += 2; continue
                default: break
                }
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `r` holds only blanks.
    static func isBlank(_ a: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for i in r where a[i] != 0x20 && a[i] != 0x09 { return false }
        return true
    }

    /// Whether `r` starts with `upper` ignoring ASCII case.
    static func hasPrefix(_ a: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ upper: StaticString) -> Bool {
        VCardKeyword.hasPrefix(UnsafeBufferPointer(rebasing: a[r]), upper)
    }
}
