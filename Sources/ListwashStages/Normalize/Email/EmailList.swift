/// An email field that holds several addresses, as exports write them: Google Contacts joins a
/// field's values with " ::: ", HubSpot's "Additional email addresses" with ';', hand-made
/// sheets with ',' or ';'. Read whole, such a value was rejected as `email_invalid` ("has two
/// '@'") and the contact lost.
enum EmailList {
    /// The separators tried, longest first.
    static let separators = [" ::: ", ";", ","]

    /// The addresses of `value` when it is a list: two or more non-empty parts, each with exactly
    /// one '@', or one address with a stray separator (`a@x.com;`); nil otherwise (a single
    /// address, or something that is not a list of addresses).
    static func parts(of value: String) -> [String]? {
        // Google's separator is never part of an address: its list is split whatever its
        // parts hold (the first may be a typo such as 'jane(at)x.com', the second valid).
        if value.contains(" ::: ") {
            let parts = value.components(separatedBy: " ::: ").map { Whitespace.trimSpaces($0) }.filter { !$0.isEmpty }
            if parts.count >= 2, parts.contains(where: { $0.utf8.contains(UInt8(ascii: "@")) }) { return parts }
        }
        // One address and a separator after (or before) it, as hand-edited fields end: the
        // address alone.
        if value.utf8.lazy.filter({ $0 == UInt8(ascii: "@") }).count == 1 {
            for separator in separators where value.contains(separator) {
                let parts = value.components(separatedBy: separator).map { Whitespace.trimSpaces($0) }.filter { !$0.isEmpty }
                if parts.count == 1 { return parts }
            }
            return nil
        }
        for separator in separators where value.contains(separator) {
            let parts = value.components(separatedBy: separator)
                .map { Whitespace.trimSpaces($0) }
                .filter { !$0.isEmpty }
            if parts.count >= 2, parts.allSatisfy({ $0.utf8.lazy.filter { $0 == UInt8(ascii: "@") }.count == 1 }) {
                return parts
            }
        }
        return nil
    }
}
