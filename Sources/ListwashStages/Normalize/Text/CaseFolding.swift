/// Lowercasing with an ASCII fast path: ASCII text is lowercased byte by byte, and text that is
/// already lowercase comes back without a copy. Anything else takes Swift's full Unicode lowercase
/// mapping (the same mapping as Python's `str.lower`, which the reference workload uses).
enum CaseFolding {
    static func lowercase(_ s: String) -> String {
        var hasUpper = false
        for b in s.utf8 {
            if b >= 0x80 { return s.lowercased() }
            if b >= 0x41 && b <= 0x5A { hasUpper = true }
        }
        guard hasUpper else { return s }
        return String(unsafeUninitializedCapacity: s.utf8.count) { out in
            var i = 0
            for b in s.utf8 {
                out[i] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
                i += 1
            }
            return i
        }
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { buf in
            var acc: UInt8 = 0
            for b in buf { acc |= b }
            return acc < 0x80
        }
    }
}
