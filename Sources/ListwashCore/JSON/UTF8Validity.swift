/// Whether bytes are well-formed UTF-8, without building a `String`: no overlong forms, no
/// surrogates, nothing above U+10FFFF (Unicode table 3-7).
///
/// Hand-written, with an eight-bytes-at-a-time ASCII path, because the standard library
/// validates only while making a `String` (an allocation the JSON scanner's
/// ``JSONScanner/skipStringish()`` must avoid), and its generic validating initializers cost a
/// metadata lookup per call, which showed up per CSV field. A property test holds it to
/// `String(validating:as:)`. The CSV reader uses it through `TextDecoding.isValidUTF8`.
public enum UTF8Validity {
    @inlinable
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return true }
        var i = 0
        while i < n {
            if i + 8 <= n {
                if ByteWord.nonASCII(ByteWord.load(base + i)) == 0 { i += 8; continue }
            }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            func cont(_ k: Int) -> Bool { i + k < n && base[i + k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard cont(1), cont(2) else { return false }
                let b1 = base[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }   // overlong
                if b0 == 0xED && b1 > 0x9F { return false }   // surrogate
                i += 3
            case 0xF0...0xF4:
                guard cont(1), cont(2), cont(3) else { return false }
                let b1 = base[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }   // overlong
                if b0 == 0xF4 && b1 > 0x8F { return false }   // past U+10FFFF
                i += 4
            default:
                return false
            }
        }
        return true
    }
}
