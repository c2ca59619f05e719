import ListwashCore

/// The reference workload's email rule (../shared/bench/README.md "Definitions"): after a
/// space-and-tab trim and a Unicode lowercase, the whole address matches
/// `^[^@\s]+@[^@\s]+\.[^@\s]+$` with `\s` ASCII whitespace. Checked byte by byte rather than
/// with a regex, which costs microseconds per record (STYLE: no per-record Foundation regex).
enum BasicEmailSyntax {
    static func check(_ trimmed: String, lowercaseLocal: Bool, log: inout EditLog) -> EmailNormalizer.Outcome {
        var ats = 0
        var atIndex = 0
        var hasWhitespace = false
        var dotOK = false
        var copy = trimmed
        copy.withUTF8 { buf in
            for i in 0..<buf.count {
                let b = buf[i]
                if b == UInt8(ascii: "@") { ats += 1; atIndex = i }
                if Whitespace.isASCIIWhitespace(b) { hasWhitespace = true }
            }
            // A '.' in the domain with at least one character on each side.
            if ats == 1, atIndex + 2 < buf.count - 1 {
                for i in (atIndex + 2)..<(buf.count - 1) where buf[i] == UInt8(ascii: ".") { dotOK = true; break }
            }
        }
        if ats == 0 { return invalid("'\(trimmed)' has no '@'") }
        if ats > 1 { return invalid("'\(trimmed)' has \(ats == 2 ? "two" : String(ats)) '@'") }
        if hasWhitespace { return invalid("'\(trimmed)' contains whitespace") }
        if atIndex == 0 { return invalid("'\(trimmed)' has nothing before the '@'") }
        if !dotOK { return invalid("the domain of '\(trimmed)' has no '.' between two characters") }
        let lowered: String
        if lowercaseLocal {
            lowered = CaseFolding.lowercase(trimmed)
        } else {
            let utf8 = trimmed.utf8
            let at = utf8.index(utf8.startIndex, offsetBy: atIndex)
            lowered = String(Substring(utf8[...at])) + CaseFolding.lowercase(String(Substring(utf8[utf8.index(after: at)...])))
        }
        log.record("email", trimmed, lowered, rule: "email.lowercase")
        return .accepted(lowered, notes: [])
    }

    private static func invalid(_ reason: String) -> EmailNormalizer.Outcome {
        .rejected(.emailInvalid, reason: reason, fix: "correct the address in the source, or leave the email empty if it is unknown")
    }
}
