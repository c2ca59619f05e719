/// How header names are compared: case, spaces and punctuation do not count, so `E-mail Address`,
/// `email_address` and `EMAIL ADDRESS` are the same name (`emailaddress`).
public enum HeaderName {
    /// The comparison key of a header name: its letters and digits, lowercased.
    public static func key(_ name: String) -> String {
        // Scalar by scalar: appending each mapping's scalars with `append(contentsOf:)` copied
        // the whole string every time (a 600 KB first line took 12 s, quadratic).
        var scalars = String.UnicodeScalarView()
        for ch in name.unicodeScalars where ch.properties.isAlphabetic || ch.properties.numericType != nil {
            for u in ch.properties.lowercaseMapping.unicodeScalars { scalars.append(u) }
        }
        return String(scalars)
    }
}
