/// The message for a setting that is not a whole number listwash can read: "must be a whole
/// number, found '...'", or, for digits beyond the range of `Int`, that the number is too large
/// (it is a whole number, and saying otherwise sent people looking for a typo). The value is
/// shown up to 60 characters.
public enum WholeNumberProblem {
    public static func message(_ path: String, found: String) -> String {
        let unsigned = found.hasPrefix("-") || found.hasPrefix("+") ? found.dropFirst() : found[...]
        let shown = found.count > 60 ? found.prefix(60) + "…" : found[...]
        if !unsigned.isEmpty && unsigned.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return "'\(path)' is too large: '\(shown)' is beyond \(found.hasPrefix("-") ? Int.min : Int.max)"
        }
        return "'\(path)' must be a whole number, found '\(shown)'"
    }
}
