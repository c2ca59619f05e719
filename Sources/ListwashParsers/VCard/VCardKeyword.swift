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

    /// Whether a line starts an `EMAIL` or `TEL` property (`EMAIL;TYPE=work:`, `TEL:`), with
    /// or without a group (`item1.EMAIL:`): the line a broken quoted-printable value must not
    /// swallow, for the card would lose its address or phone without a word.
    static func startsContactProperty(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        // A group name: letters, digits and '-' up to a '.'.
        while start < bytes.count && start < 64, bytes[start] == UInt8(ascii: "-") || (bytes[start] | 0x20 >= 0x61 && bytes[start] | 0x20 <= 0x7A) || (bytes[start] >= 0x30 && bytes[start] <= 0x39) {
            start += 1
        }
        start = start < bytes.count && bytes[start] == UInt8(ascii: ".") ? start + 1 : 0
        let rest = UnsafeBufferPointer(rebasing: bytes[start...])
        for name in ["EMAIL", "TEL"] as [StaticString] where hasPrefix(rest, name) {
            let n = name.utf8CodeUnitCount
            if n < rest.count && (rest[n] == UInt8(ascii: ":") || rest[n] == UInt8(ascii: ";")) { return true }
        }
        return false
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
