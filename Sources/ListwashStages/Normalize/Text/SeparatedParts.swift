/// A value cut at an ASCII separator, in pure Swift over its UTF-8 bytes.
///
/// Written by hand rather than with Foundation's `contains(_:)` and `components(separatedBy:)`:
/// on Linux those bridge every value to an `NSString` first, and the email-list check ran them
/// on every record (1.8 % of `listwash run` in the 1M-row profile). Cutting valid UTF-8 at an
/// ASCII byte always leaves valid UTF-8.
enum SeparatedParts {
    /// The parts of `value` between occurrences of `separator`, trimmed of spaces and tabs, empty
    /// ones left out; nil when `separator` does not occur. `separator` must be ASCII.
    static func split(_ value: String, by separator: StaticString) -> [String]? {
        let sep = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
        guard let first = sep.first else { return nil }
        var value = value
        return value.withUTF8 { bytes -> [String]? in
            var parts: [String] = []
            var start = 0, i = 0, found = false
            while i + sep.count <= bytes.count {
                if bytes[i] == first, sep.indices.allSatisfy({ bytes[i + $0] == sep[$0] }) {
                    append(bytes[start..<i], to: &parts)
                    found = true
                    i += sep.count
                    start = i
                } else {
                    i += 1
                }
            }
            guard found else { return nil }
            append(bytes[start..<bytes.count], to: &parts)
            return parts
        }
    }

    private static func append(_ part: Slice<UnsafeBufferPointer<UInt8>>, to parts: inout [String]) {
        let trimmed = Whitespace.trimSpaces(String(decoding: UnsafeBufferPointer(rebasing: part), as: UTF8.self))
        if !trimmed.isEmpty { parts.append(trimmed) }
    }
}
