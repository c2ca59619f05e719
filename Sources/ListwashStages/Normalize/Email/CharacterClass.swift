/// ASCII character classes of RFC 5322 and RFC 1035 as lookup tables.
enum CharacterClass {
    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static let atext: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] = true }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = true }
        for c in "!#$%&'*+-/=?^_`{|}~".utf8 { t[Int(c)] = true }
        return t
    }()

    @inline(__always) static func isAtext(_ b: UInt8) -> Bool { atext[Int(b)] }

    /// Letters (lowercase, as domains are compared after lowercasing), digits and hyphen.
    @inline(__always) static func isLDH(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
    }

    /// An ASCII byte for a message: `'!'`, `a space`, `U+000A`.
    static func describe(_ b: UInt8) -> String {
        switch b {
        case 0x20: return "a space"
        case 0..<0x20, 0x7F: return "the control character U+" + hex4(UInt32(b))
        default: return "'\(Character(Unicode.Scalar(b)))'"
        }
    }

    static func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
