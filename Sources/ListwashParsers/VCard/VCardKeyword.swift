/// ASCII keyword matching on raw bytes (property names, parameter names and values are
/// case-insensitive in every vCard version), without building Strings on the hot path.
enum VCardKeyword {
    /// Whether `bytes` equals `upper` (an uppercase ASCII keyword) ignoring ASCII case.
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ upper: StaticString) -> Bool {
        guard bytes.count == upper.utf8CodeUnitCount else { return false }
        return hasPrefix(bytes, upper)
    }

    /// Whether `bytes` starts with `upper` ignoring ASCII case.
    @inline(__always)
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ upper: StaticString) -> Bool {
        let n = upper.utf8CodeUnitCount
        guard bytes.count >= n else { return false }
        let u = upper.utf8Start
        for i in 0..<n where uppercased(bytes[i]) != u[i] { return false }
        return true
    }

    @inline(__always)
    static func uppercased(_ b: UInt8) -> UInt8 {
        b >= 0x61 && b <= 0x7A ? b - 0x20 : b
    }

    /// Whether a line starts with `BEGIN:VCARD` or `END:VCARD`.
    static func isCardBoundary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        hasPrefix(bytes, "END:VCARD") || hasPrefix(bytes, "BEGIN:VCARD")
    }

    /// Whether a line is `BEGIN:VCARD` / `END:VCARD`, allowing trailing blanks.
    static func isLine(_ bytes: UnsafeBufferPointer<UInt8>, _ upper: StaticString) -> Bool {
        guard hasPrefix(bytes, upper) else { return false }
        var i = upper.utf8CodeUnitCount
        while i < bytes.count {
            if bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
            i += 1
        }
        return true
    }

    /// Whether a line holds nothing but blanks (or the NUL / Ctrl-Z padding some tools leave).
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x00 && b != 0x1A { return false }
        return true
    }
}
