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

    /// The address `check` accepts for `raw` after a space-and-tab trim, when `raw` is ASCII and
    /// valid, with the offset of its '@'; nil for anything else (empty after the trim, non-ASCII, invalid), which the caller
    /// sends through the general path (trim, ``check(_:lowercaseLocal:log:)``) for its Unicode
    /// lowercase and its reject reasons.
    ///
    /// Hand-written beside the general path because it is the hottest code of normalize on the
    /// reference workload: the trim, the syntax check and the lowercase are one pass over the
    /// bytes, and an address that needs none of them comes back as `raw` itself (no allocation).
    static func acceptASCII(_ raw: String, lowercaseLocal: Bool) -> (address: String, at: Int)? {
        raw.utf8.withContiguousStorageIfAvailable { buf -> (address: String, at: Int)? in
            guard let shape = scanASCII(buf, lowercaseLocal: lowercaseLocal) else { return nil }
            let (lo, hi, atIndex) = (shape.lo, shape.hi, shape.at)
            if lo == 0 && hi == buf.count && !shape.needsLower { return (raw, atIndex) }
            let lowerFrom = lowercaseLocal ? lo : atIndex + 1
            let address = String(unsafeUninitializedCapacity: hi - lo) { out in
                for k in lo..<hi {
                    let b = buf[k]
                    out[k - lo] = k >= lowerFrom && b &- 0x41 < 26 ? b | 0x20 : b
                }
                return hi - lo
            }
            return (address, atIndex - lo)
        } ?? nil
    }

    /// The pass of ``acceptASCII(_:lowercaseLocal:)`` over an address's bytes: where the address
    /// is once trimmed (`lo..<hi`), where its '@' is, and whether it has letters to lowercase;
    /// nil when it is not a valid ASCII address under basic syntax.
    static func scanASCII(_ buf: UnsafeBufferPointer<UInt8>, lowercaseLocal: Bool) -> (lo: Int, hi: Int, at: Int, needsLower: Bool)? {
        var lo = 0, hi = buf.count
        while lo < hi, buf[lo] == 0x20 || buf[lo] == 0x09 { lo += 1 }
        while hi > lo, buf[hi - 1] == 0x20 || buf[hi - 1] == 0x09 { hi -= 1 }
        guard lo < hi else { return nil }
        return byteClass.withUnsafeBufferPointer { table -> (lo: Int, hi: Int, at: Int, needsLower: Bool)? in
            // The local part, up to the first '@'.
            var upperInLocal: UInt8 = 0
            var i = lo
            while i < hi {
                let c = table[Int(buf[i])]
                if c == at { break }
                if c == refused { return nil }
                upperInLocal |= c
                i += 1
            }
            let atIndex = i
            guard atIndex > lo, atIndex < hi else { return nil }
            // The domain: no second '@', and a '.' with a character on each side.
            var upperInDomain: UInt8 = 0
            var dot = -1
            i += 1
            while i < hi {
                let b = buf[i]
                let c = table[Int(b)]
                if c & (refused | at) != 0 { return nil }
                if b == UInt8(ascii: "."), dot < 0, i >= atIndex + 2 { dot = i }
                upperInDomain |= c
                i += 1
            }
            guard dot >= 0, dot < hi - 1 else { return nil }
            return (lo, hi, atIndex, upperInDomain != 0 || (lowercaseLocal && upperInLocal != 0))
        }
    }

    /// Byte classes of ``acceptASCII(_:lowercaseLocal:)``: one table load per byte instead of
    /// four comparisons.
    private static let refused: UInt8 = 1, at: UInt8 = 2, upper: UInt8 = 4
    private static let byteClass: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for b in 0x80...0xFF { t[b] = refused }
        for b in 0...0x7F where Whitespace.isASCIIWhitespace(UInt8(b)) { t[b] = refused }
        t[Int(UInt8(ascii: "@"))] = at
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] = upper }
        return t
    }()

    private static func invalid(_ reason: String) -> EmailNormalizer.Outcome {
        .rejected(.emailInvalid, reason: reason, fix: "correct the address in the source, or leave the email empty if it is unknown")
    }
}
