import Foundation
import ListwashCore

/// The strict email rules (``EmailNormalizer``): RFC 5321/5322 as mail systems accept them.
/// Hand-written rather than a regex: it runs once per record on the hot path, and each refusal
/// gets its own reason.
enum StrictEmailSyntax {
    typealias Outcome = EmailNormalizer.Outcome

    static let maxLocalBytes = 64
    static let maxAddressBytes = 254
    static let maxLabelBytes = 63

    static func check(_ address: String, lowercaseLocal: Bool, log: inout EditLog) -> Outcome {
        let utf8 = address.utf8
        if let wrapper = wrapper(of: address) {
            return invalid("'\(address)' is wrapped in \(wrapper); only a bare address can be imported",
                           fix: "keep only the address between them")
        }
        if utf8.last == UInt8(ascii: ">"), utf8.contains(UInt8(ascii: "<")) {
            return invalid("'\(address)' has a display name; only a bare address can be imported",
                           fix: "keep only the address between '<' and '>'")
        }
        if utf8.first == UInt8(ascii: "\"") {
            return invalid("'\(address)' has a quoted local part; quoted local parts are not accepted",
                           fix: "write the address without quotes if it works without them; otherwise it cannot be imported")
        }
        var ats = 0
        var at = utf8.startIndex
        var i = utf8.startIndex
        while i != utf8.endIndex {
            if utf8[i] == UInt8(ascii: "@") { ats += 1; at = i }
            i = utf8.index(after: i)
        }
        if ats == 0 {
            if address.unicodeScalars.contains(where: { $0 == "\u{FF20}" || $0 == "\u{FE6B}" }) {
                return invalid("'\(address)' has a full-width or small '＠' instead of '@'", fix: "type the '@' again as a plain '@'")
            }
            return invalid("'\(address)' has no '@'")
        }
        if ats > 1 { return invalid("'\(address)' has \(ats == 2 ? "two" : String(ats)) '@'") }
        var local = String(Substring(utf8[..<at]))
        var domain = String(Substring(utf8[utf8.index(after: at)...]))
        if local.isEmpty { return invalid("'\(address)' has nothing before the '@'") }
        if domain.isEmpty { return invalid("'\(address)' has nothing after the '@'") }
        if domain.utf8.first == UInt8(ascii: "[") {
            return invalid("'\(address)' has an IP-literal domain '\(domain)'; IP-literal domains are not accepted",
                           fix: "use an address at a domain name")
        }

        // Unicode work only when there is a non-ASCII byte: NFC, then the unsafe-character check.
        let localASCII = CaseFolding.isASCII(local)
        let domainASCII = CaseFolding.isASCII(domain)
        if !localASCII || !domainASCII {
            if let bad = UnsafeCharacters.first(in: local, atStart: true) ?? UnsafeCharacters.first(in: domain, atStart: false) {
                return invalid("'\(address)' contains the unsafe character \(UnsafeCharacters.describe(bad))",
                               fix: "retype the address; invisible or control characters were copied into it")
            }
            // An ASCII character refused before NFC stays refused ('<' + U+0338 composes to '≮').
            for b in local.utf8 where b < 0x80 && !CharacterClass.isAtext(b) && b != UInt8(ascii: ".") {
                return invalid("'\(address)' contains \(CharacterClass.describe(b)) before the '@'")
            }
            let nfcLocal = localASCII ? local : local.precomposedStringWithCanonicalMapping
            let nfcDomain = domainASCII ? domain : domain.precomposedStringWithCanonicalMapping
            if log.isEnabled { log.record("email", address, nfcLocal + "@" + nfcDomain, rule: "email.nfc") }
            local = nfcLocal
            domain = nfcDomain
        }
        let before = log.isEnabled ? local + "@" + domain : ""
        if lowercaseLocal { local = CaseFolding.lowercase(local) }
        domain = CaseFolding.lowercase(domain)
        if log.isEnabled { log.record("email", before, local + "@" + domain, rule: "email.lowercase") }

        if let problem = localPartProblem(local, address: address) { return problem }

        var asciiDomain = domain
        if !CaseFolding.isASCII(domain) || needsIDNACheck(domain) {
            switch IDNA.toASCII(domain) {
            case .refused(let why):
                return invalid("the domain '\(domain)' of '\(address)' is not a valid internationalized domain name (libidn2: \(why))")
            case .ascii(let converted):
                asciiDomain = converted
            }
            if log.isEnabled { log.record("email", local + "@" + domain, local + "@" + asciiDomain, rule: "email.idna") }
        }
        if let problem = domainProblem(asciiDomain, address: address) { return problem }

        let result = local + "@" + asciiDomain
        if local.utf8.count > maxLocalBytes {
            return .rejected(.emailTooLong, reason: "the part of '\(address)' before the '@' is \(local.utf8.count) bytes long; the limit is \(maxLocalBytes)",
                             fix: "check the address in the source; mail servers refuse longer local parts")
        }
        if result.utf8.count > maxAddressBytes {
            return .rejected(.emailTooLong, reason: "'\(address)' is \(result.utf8.count) bytes long; the limit is \(maxAddressBytes)",
                             fix: "check the address in the source; mail servers refuse longer addresses")
        }
        return .accepted(result, notes: [])
    }

    /// What wraps an address pasted with its brackets or quotation marks (`<jane@x.com>`,
    /// `“jane@x.com”`, `'jane@x.com'`), named for the reason; nil for anything else. Only a
    /// first byte that can open such a pair costs more than one comparison.
    static func wrapper(of address: String) -> String? {
        guard let first = address.utf8.first, first == 0x3C || first == 0x22 || first == 0x27 || first >= 0xC2,
              address.unicodeScalars.count > 2 else { return nil }
        let scalars = address.unicodeScalars
        let open = scalars.first!, close = scalars.last!
        let inner = address.unicodeScalars.dropFirst().dropLast()
        if open == "<" {
            return close == ">" && !inner.contains("<") && !inner.contains(">") ? "'<' and '>'" : nil
        }
        let quotes: [(Unicode.Scalar, Unicode.Scalar)] = [("\"", "\""), ("'", "'"), ("\u{201C}", "\u{201D}"), ("\u{2018}", "\u{2019}"),
                                                           ("\u{201E}", "\u{201C}"), ("\u{201A}", "\u{2018}"), ("\u{AB}", "\u{BB}"), ("\u{BB}", "\u{AB}")]
        guard quotes.contains(where: { $0.0 == open && $0.1 == close }), inner.contains("@"), !inner.contains(open), !inner.contains(close) else { return nil }
        return "quotation marks"
    }

    /// A dot-atom: atext characters (and any safe non-ASCII character, RFC 6531) in dot-separated
    /// non-empty runs.
    static func localPartProblem(_ local: String, address: String) -> Outcome? {
        var previousDot = true
        for (n, b) in local.utf8.enumerated() {
            if b == UInt8(ascii: ".") {
                if n == 0 { return invalid("'\(address)' starts with a '.'") }
                if previousDot { return invalid("'\(address)' has two '.' in a row before the '@'") }
                previousDot = true
                continue
            }
            previousDot = false
            if b >= 0x80 || CharacterClass.isAtext(b) { continue }
            if b == UInt8(ascii: "\"") {
                return invalid("'\(address)' has a '\"' in the part before the '@'; quoted local parts are not accepted")
            }
            return invalid("'\(address)' contains \(CharacterClass.describe(b)) before the '@'")
        }
        if previousDot { return invalid("'\(address)' has a '.' right before the '@'") }
        return nil
    }

    /// LDH labels, 1–63 characters, no hyphen at either end, `??--` only as punycode (`xn--`),
    /// at least two labels, and a last label that looks like a TLD: letters only, or punycode.
    static func domainProblem(_ domain: String, address: String) -> Outcome? {
        let bytes = Array(domain.utf8)
        if bytes.first == UInt8(ascii: ".") { return invalid("the domain of '\(address)' starts with a '.'") }
        if bytes.last == UInt8(ascii: ".") { return invalid("the domain of '\(address)' ends with a '.'") }
        var labels = 0
        var start = 0
        var lastLabel: ArraySlice<UInt8> = []
        for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: ".") {
            let label = bytes[start..<end]
            if label.isEmpty { return invalid("the domain of '\(address)' has two '.' in a row") }
            var text: String { String(decoding: label, as: UTF8.self) }
            if label.count > maxLabelBytes {
                return invalid("the domain label '\(text)' of '\(address)' is \(label.count) characters long; the limit is \(maxLabelBytes)")
            }
            for b in label where !CharacterClass.isLDH(b) {
                return invalid("the domain of '\(address)' contains \(CharacterClass.describe(b))")
            }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return invalid("the domain label '\(text)' of '\(address)' \(label.first == UInt8(ascii: "-") ? "starts" : "ends") with a '-'")
            }
            labels += 1
            lastLabel = label
            start = end + 1
        }
        if labels < 2 {
            return invalid("the domain '\(domain)' of '\(address)' has no '.'", fix: "add the domain's ending, e.g. '.com'")
        }
        let isPunycode = lastLabel.starts(with: Array("xn--".utf8))
        let lettersOnly = lastLabel.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        if !(isPunycode || (lettersOnly && lastLabel.count >= 2)) {
            return invalid("the domain '\(domain)' of '\(address)' does not end in a top-level domain ('\(String(decoding: lastLabel, as: UTF8.self))')")
        }
        return nil
    }

    /// ASCII domains go to libidn2 only when a label has `--` in positions 3–4 (punycode `xn--`
    /// to verify, or a reserved `ab--` label to refuse).
    static func needsIDNACheck(_ domain: String) -> Bool {
        var pos = 0
        var prev: UInt8 = 0
        for b in domain.utf8 {
            if b == UInt8(ascii: ".") { pos = 0; prev = b; continue }
            if pos == 3, b == UInt8(ascii: "-"), prev == UInt8(ascii: "-") { return true }
            pos += 1
            prev = b
        }
        return false
    }

    static func invalid(_ reason: String, fix: String = "correct the address in the source, or leave the email empty if it is unknown") -> Outcome {
        .rejected(.emailInvalid, reason: reason, fix: fix)
    }
}
