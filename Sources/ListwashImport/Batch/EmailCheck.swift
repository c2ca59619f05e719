import ListwashCore

/// The email rules the batch writer itself holds every contact to: the API's "non-empty, validly
/// formatted email" at its loosest, so that nothing normalize accepted is refused here.
/// `normalize` applies the real syntax rules; this only keeps requests the API would refuse
/// outright out of the batches.
enum EmailCheck {
    /// Whether `email` has the shape `local@domain.tld`: exactly one `@`, a non-empty part before
    /// it, no ASCII whitespace, and a dot in the domain that is neither its first nor its last
    /// character (the regular expression `^[^@\s]+@[^@\s]+\.[^@\s]+$`); and no character no
    /// address holds, which a file that skipped `normalize` may carry: C0 and C1 controls, DEL,
    /// the no-break space, zero-width and bidirectional format characters and the BOM
    /// (``isInvisible(_:at:)``). An ESC sequence or U+202E in an address went into the request.
    static func hasBasicShape(_ email: String) -> Bool {
        // Over the contiguous UTF-8 bytes: iterating `String.UTF8View` costs several times more
        // per byte, and this runs twice for every contact of every batch. A native string lends
        // its bytes without the copy (and retain) that `withUTF8` on a `var` needs.
        if let shaped = email.utf8.withContiguousStorageIfAvailable({ hasBasicShape($0) }) { return shaped }
        var email = email
        return email.withUTF8 { hasBasicShape($0) }
    }

    /// ``hasBasicShape(_:)`` over UTF-8 bytes, eight at a time: the byte loop took two
    /// nanoseconds a byte (digits and dots mispredict its branches), and this runs twice for
    /// every contact. A word with a space or control byte (rare) sends the whole check to
    /// ``hasBasicShapeBytewise(_:)``, the reference.
    static func hasBasicShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var at = -1
        var firstInnerDot = -1  // the first dot after the domain's first character
        var i = 0
        while i + 8 <= count {
            // Byte j of the string in bits 8j..8j+7.
            let w = ByteWord.load(base + i)
            if ByteWord.below(w, 0x21) | ByteWord.nonASCII(w) | ByteWord.equal(w, 0x7F) != 0 { return hasBasicShapeBytewise(bytes) }
            let ats = ByteWord.equalExactly(w, UInt8(ascii: "@"))
            if ats != 0 {
                if at >= 0 || ats.nonzeroBitCount > 1 { return false }
                at = i + ByteWord.firstIndex(ats)
                if at == 0 { return false }
            }
            if at >= 0 && firstInnerDot < 0 {
                // Only dots from `at + 2` on count.
                let first = at + 2 - i
                let allowed: UInt64 = first <= 0 ? ByteWord.high : first >= 8 ? 0 : ByteWord.high & ~ByteWord.prefix(first)
                let dots = ByteWord.equalExactly(w, UInt8(ascii: ".")) & allowed
                if dots != 0 { firstInnerDot = i + ByteWord.firstIndex(dots) }
            }
            i += 8
        }
        while i < count {
            let b = bytes[i]
            if b == UInt8(ascii: "@") {
                if at >= 0 || i == 0 { return false }
                at = i
            } else if b == UInt8(ascii: ".") {
                if at >= 0 && i > at + 1 && firstInnerDot < 0 { firstInnerDot = i }
            } else if b <= 0x20 || b >= 0x7F {
                return hasBasicShapeBytewise(bytes)
            }
            i += 1
        }
        return at >= 0 && firstInnerDot > 0 && firstInnerDot < count - 1
    }

    /// ``hasBasicShape(_:)`` one byte at a time: the reference the word-at-a-time check must equal.
    static func hasBasicShapeBytewise(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var at = -1
        var firstInnerDot = -1  // the first dot after the domain's first character
        for n in 0..<bytes.count {
            switch bytes[n] {
            case 0x00...0x20, 0x7F: return false
            case 0xC2...0xEF: if isInvisible(bytes, at: n) { return false }
            case UInt8(ascii: "@"):
                if at >= 0 || n == 0 { return false }
                at = n
            case UInt8(ascii: "."):
                if at >= 0 && n > at + 1 && firstInnerDot < 0 { firstInnerDot = n }
            default: break
            }
        }
        return at >= 0 && firstInnerDot > 0 && firstInnerDot < bytes.count - 1
    }

    /// Whether the UTF-8 sequence starting at `n` is a character no address holds: one of
    /// ``InvisibleScalars`` (controls, zero-width space, word joiner, BOM, bidirectional
    /// embeddings, overrides and isolates), or, in addresses only, the next line control U+0085,
    /// the no-break space, the direction marks U+200E and U+200F and the invisible operators
    /// U+2061–U+2064. The joiners U+200C and U+200D stay (IDNA allows them in some scripts).
    /// Only two- and three-byte sequences hold any of them.
    static func isInvisible(_ bytes: UnsafeBufferPointer<UInt8>, at n: Int) -> Bool {
        let count = bytes.count, lead = UInt32(bytes[n])
        var value: UInt32
        if lead & 0xE0 == 0xC0, n + 1 < count {
            value = (lead & 0x1F) << 6 | UInt32(bytes[n + 1] & 0x3F)
        } else if lead & 0xF0 == 0xE0, n + 2 < count {
            value = (lead & 0x0F) << 12 | UInt32(bytes[n + 1] & 0x3F) << 6 | UInt32(bytes[n + 2] & 0x3F)
        } else {
            return false
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch value {
        case 0x85, 0xA0, 0x200E, 0x200F, 0x2061...0x2064: return true
        default: return InvisibleScalars.contains(scalar)
        }
    }

    /// The key under which two emails count as the same contact for the API (which treats
    /// addresses case-insensitively): the address lowercased. No copy when already lowercase ASCII.
    static func key(_ email: String) -> String {
        let clean = email.utf8.withContiguousStorageIfAvailable(isLowercaseASCII) ?? {
            var copy = email
            return copy.withUTF8(isLowercaseASCII)
        }()
        return clean ? email : email.lowercased()
    }

    private static func isLowercaseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
    }
}
