/// How header names are compared: case, spaces and punctuation do not count, so `E-mail Address`,
/// `email_address` and `EMAIL ADDRESS` are the same name (`emailaddress`).
public enum HeaderName {
    /// The comparison key of a header name: its letters and digits, lowercased.
    public static func key(_ name: String) -> String {
        var s = ""
        s.reserveCapacity(name.utf8.count)
        for ch in name.unicodeScalars where ch.properties.isAlphabetic || ch.properties.numericType != nil {
            s.unicodeScalars.append(contentsOf: ch.properties.lowercaseMapping.unicodeScalars)
        }
        return s
    }
}
