/// Whether bytes are well-formed UTF-8, without building a `String`.
///
/// The scanner's ``JSONScanner/skipStringish()`` checks the values a stage does not read (so a
/// line is rejected exactly when the full decoder would reject it) and must not allocate:
/// the standard library validates only while making a `String`, hence this hand-written check.
/// It follows the Unicode table of well-formed byte sequences (Unicode 15, table 3-7): no
/// overlong forms, no surrogates, nothing above U+10FFFF; a property test holds it to
/// `String(validating:as:)`.
enum UTF8Validity {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the range of the second byte
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= n else { return false }
            let b1 = bytes[i + 1]
            guard b1 >= low && b1 <= high else { return false }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
