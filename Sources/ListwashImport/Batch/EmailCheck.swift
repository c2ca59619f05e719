/// The email rules the batch writer itself holds every contact to: the API's "non-empty, validly
/// formatted email" at its loosest, so that nothing normalize accepted is refused here.
/// `normalize` applies the real syntax rules; this only keeps requests the API would refuse
/// outright out of the batches.
enum EmailCheck {
    /// Whether `email` has the shape `local@domain.tld`: exactly one `@`, a non-empty part before
    /// it, no ASCII whitespace, and a dot in the domain that is neither its first nor its last
    /// character (the regular expression `^[^@\s]+@[^@\s]+\.[^@\s]+$`).
    static func hasBasicShape(_ email: String) -> Bool {
        // Over the contiguous UTF-8 bytes: iterating `String.UTF8View` costs several times more
        // per byte, and this runs twice for every contact of every batch.
        var email = email
        return email.withUTF8 { bytes in
            var at = -1
            var firstInnerDot = -1  // the first dot after the domain's first character
            for n in 0..<bytes.count {
                switch bytes[n] {
                case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
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
    }

    /// The key under which two emails count as the same contact for the API (which treats
    /// addresses case-insensitively): the address lowercased. No copy when already lowercase ASCII.
    static func key(_ email: String) -> String {
        var copy = email
        let clean = copy.withUTF8 { bytes in
            !bytes.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
        }
        return clean ? email : email.lowercased()
    }
}
