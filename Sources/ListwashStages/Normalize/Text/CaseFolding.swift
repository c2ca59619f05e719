/// Lowercasing with an ASCII fast path: ASCII text is lowercased byte by byte, and text that is
/// already lowercase comes back without a copy. Anything else takes Swift's full Unicode lowercase
/// mapping (the same mapping as Python's `str.lower`, which the reference workload uses).
enum CaseFolding {
    static func lowercase(_ s: String) -> String {
        var copy = s
        return copy.withUTF8 { buf -> String? in
            var hasUpper = false
            for b in buf {
                if b >= 0x80 { return nil }
                if b &- 0x41 < 26 { hasUpper = true }
            }
            guard hasUpper else { return s }
            return String(unsafeUninitializedCapacity: buf.count) { out in
                for i in 0..<buf.count {
                    let b = buf[i]
                    out[i] = b &- 0x41 < 26 ? b | 0x20 : b
                }
                return buf.count
            }
        } ?? s.lowercased()
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
