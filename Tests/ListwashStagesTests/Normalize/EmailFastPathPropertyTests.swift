import ListwashCore
import PropertyBased
import Testing
@testable import ListwashStages

/// The hand-written fast paths of email normalization agree with the general path they sit
/// beside: ``BasicEmailSyntax/acceptASCII(_:lowercaseLocal:)`` (trim, syntax and lowercase in
/// one pass) and the typo and role-account prefilters of ``EmailNormalizer``'s `finish`, on
/// random ASCII and non-ASCII addresses built from pieces that hit every branch.
@Suite struct EmailFastPathPropertyTests {
    static let pieces = [
        "a", "Z", "jane", "Jane.Doe", "x9", "_", "-", "+", "+news", ".", "..", "@", "@@", " ", "\t", "\n", "\r", "\u{0B}",
        "info", "INFO", "Admin", "no-reply", "gmial", "GMIAL", "gmail", ".com", ".COM", ".co", "example", "Example.ORG",
        "é", "É", "ß", "İ", "\u{212A}", "\u{037E}", "\u{00A0}", "\u{3000}", "\u{200B}", "\u{FFFD}", "臺", "\"", "<", ">", "\u{0}",
    ]

    static let domains = ["example.com", "gmial.com", "GMAIL.COM", "b.c", "a.b.", "x.y z", "bücher.de", "e.\u{212A}"]

    static func normalizer(lowercaseLocal: Bool, syntax: EmailNormalizer.Syntax = .basic) -> EmailNormalizer {
        var o = EmailNormalizer.Options()
        o.syntax = syntax
        o.lowercaseLocal = lowercaseLocal
        return EmailNormalizer(options: o, typos: TypoDomains(pairs: TypoDomains.builtIn), roles: RoleAccounts(localParts: RoleAccounts.builtIn))
    }

    static func agree(_ raw: String) {
        for lowercaseLocal in [true, false] {
            for syntax in EmailNormalizer.Syntax.allCases {
                let n = normalizer(lowercaseLocal: lowercaseLocal, syntax: syntax)
                var log = EditLog(enabled: false)
                let general = raw.isEmpty ? n.normalize(raw) : n.normalizeGeneral(raw, log: &log)
                #expect(n.normalize(raw) == general, "'\(raw)' lowercase_local: \(lowercaseLocal) syntax: \(syntax)")
                // Decided from its bytes only as normalize decides it: as it is, or the address
                // made, each without a note; `out` untouched unless an address was made.
                var made: [UInt8] = [1]
                switch Array(raw.utf8).withUnsafeBufferPointer({ n.normalize(utf8: $0, appendingTo: &made) }) {
                case .unchanged:
                    #expect(general == .accepted(raw, notes: []) && made == [1], "'\(raw)' lowercase_local: \(lowercaseLocal) syntax: \(syntax)")
                case .normalized:
                    #expect(general == .accepted(String(decoding: made.dropFirst(), as: UTF8.self), notes: []), "'\(raw)' lowercase_local: \(lowercaseLocal) syntax: \(syntax)")
                case .undecided:
                    #expect(made == [1])
                }
            }
            var log = EditLog(enabled: false)
            let trimmed = Whitespace.trimSpaceAndTab(raw)
            if let fast = BasicEmailSyntax.acceptASCII(raw, lowercaseLocal: lowercaseLocal) {
                #expect(BasicEmailSyntax.check(trimmed, lowercaseLocal: lowercaseLocal, log: &log) == .accepted(fast.address, notes: []), "'\(raw)'")
                #expect(Array(fast.address.utf8).allSatisfy { $0 < 0x80 })
                #expect(Array(fast.address.utf8)[fast.at] == UInt8(ascii: "@"))
            } else if !trimmed.isEmpty, case .accepted = BasicEmailSyntax.check(trimmed, lowercaseLocal: lowercaseLocal, log: &log) {
                // The fast path declines only what is not ASCII.
                #expect(trimmed.utf8.contains { $0 >= 0x80 }, "'\(raw)' is ASCII and valid, but the fast path declined it")
            }
        }
    }

    @Test func fastPathAgreesWithGeneralPathOnRandomAddresses() async {
        let pieces = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...12)
        await propertyCheck(count: 300, input: pieces) { Self.agree($0.joined()) }
    }

    /// Addresses shaped like real ones (local part, '@', domain), so most of them are accepted.
    @Test func fastPathAgreesWithGeneralPathOnShapedAddresses() async {
        let local = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...5)
        let at = Gen<String?>.element(of: ["@", "@", " @", "@@"]).map { $0 ?? "@" }
        let domain = Gen<String?>.element(of: Self.domains).map { $0 ?? "" }
        await propertyCheck(count: 300, input: local, at, domain) { local, at, domain in
            Self.agree(local.joined() + at + domain)
        }
    }

    @Test func unchangedAddressComesBackWithoutCopy() {
        let raw = "jane.doe+news@example.com"
        let fast = BasicEmailSyntax.acceptASCII(raw, lowercaseLocal: true)?.address
        #expect(fast == raw)
        #expect(fast?.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == raw.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
        #expect(BasicEmailSyntax.acceptASCII(" Jane@Example.COM\t", lowercaseLocal: true)?.address == "jane@example.com")
        #expect(BasicEmailSyntax.acceptASCII(" Jane@Example.COM\t", lowercaseLocal: true)?.at == 4)
        #expect(BasicEmailSyntax.acceptASCII("Jane@Example.COM", lowercaseLocal: false)?.address == "Jane@example.com")
        #expect(BasicEmailSyntax.acceptASCII("zoë@example.com", lowercaseLocal: true) == nil)
    }

    /// A prefilter that rules a value out never hides a match.
    @Test func prefiltersNeverHideAMatch() async {
        // A KELVIN SIGN key lowercases to ASCII 'kab.com'; a GREEK QUESTION MARK key stays
        // non-ASCII (equal to ';' only as a String), which turns the prefilter off.
        let typos = TypoDomains(pairs: TypoDomains.builtIn + ["\u{212A}ab.com kab.com"])
        let oddTypos = TypoDomains(pairs: ["gmail\u{037E}com gmail.com"])
        let roles = RoleAccounts(localParts: RoleAccounts.builtIn + ["\u{212A}ing"])
        let oddRoles = RoleAccounts(localParts: ["zoë", "x"])
        let values = Gen<String?>.element(of: Self.pieces + ["gmial.com", "hotmial.com", "kab.com", "gmail;com", "noreply", "sales"]).map { $0 ?? "" }.array(of: 0...4).map { $0.joined() }
        await propertyCheck(count: 400, input: values) { value in
            var v = value
            v.withUTF8 { buf in
                if !typos.mayMatch(buf) { #expect(typos.correction(for: value) == nil, "'\(value)'") }
                if !roles.mayMatch(buf) { #expect(roles.match(value) == nil, "'\(value)'") }
                #expect(oddTypos.mayMatch(buf) && oddRoles.mayMatch(buf))
            }
        }
        var known = "gmial.com", role = "Info+web"
        known.withUTF8 { #expect(typos.mayMatch($0)) }
        role.withUTF8 { #expect(roles.mayMatch($0)) }
    }
}
