/// An email field that holds several addresses, as exports write them: Google Contacts joins a
/// field's values with " ::: ", HubSpot's "Additional email addresses" with ';', hand-made
/// sheets with ',' or ';'. Read whole, such a value was rejected as `email_invalid` ("has two
/// '@'") and the contact lost.
enum EmailList {
    /// The separators tried, longest first.
    static let separators: [StaticString] = [" ::: ", ";", ","]

    /// The addresses of `value` when it is a list: two or more non-empty parts, each with exactly
    /// one '@', or one address with a stray separator (`a@x.com;`); nil otherwise (a single
    /// address, or something that is not a list of addresses).
    static func parts(of value: String) -> [String]? {
        // Most values hold no separator: one pass over the bytes settles them.
        var ats = 0, holdsSeparator = false
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "@"): ats += 1
            case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ","): holdsSeparator = true
            default: break
            }
        }
        guard holdsSeparator else { return nil }
        // Google's separator is never part of an address: its list is split whatever its
        // parts hold (the first may be a typo such as 'jane(at)x.com', the second valid).
        if let parts = SeparatedParts.split(value, by: " ::: "), parts.count >= 2,
           parts.contains(where: { $0.utf8.contains(UInt8(ascii: "@")) }) {
            return parts
        }
        for separator in separators {
            guard let parts = SeparatedParts.split(value, by: separator) else { continue }
            // One address and a separator after (or before) it, as hand-edited fields end:
            // the address alone.
            if ats == 1 {
                if parts.count == 1 { return parts }
            } else if parts.count >= 2, parts.allSatisfy({ atCount($0) == 1 }) {
                return parts
            }
        }
        return nil
    }

    private static func atCount(_ s: String) -> Int {
        s.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "@") ? 1 : 0) }
    }
}
