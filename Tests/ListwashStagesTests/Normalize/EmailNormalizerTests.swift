import Foundation
import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashStages

struct EmailNormalizerTests {
    // MARK: - accepted, with the normalized form

    @Test(arguments: [
        (" Jane.Doe@Example.COM\t", "jane.doe@example.com"),
        ("\u{00A0}jane@example.com\u{3000}", "jane@example.com"),
        ("user+tag@sub.example.co.uk", "user+tag@sub.example.co.uk"),
        ("!#$%&'*+-/=?^_`{|}~@example.org", "!#$%&'*+-/=?^_`{|}~@example.org"),
        ("me@bücher.de", "me@xn--bcher-kva.de"),
        ("ME@BÜCHER.DE", "me@xn--bcher-kva.de"),
        ("jeff@臺網中心.tw", "jeff@xn--fiqq24b10vi0d.tw"),
        ("test@xn--hxajbheg2az3al.xn--jxalpdlp", "test@xn--hxajbheg2az3al.xn--jxalpdlp"),
        ("Zoë.Müller@example.de", "zoë.müller@example.de"),
        ("s\u{0323}\u{0307}@nfc.tld", "\u{1E69}@nfc.tld"),
        ("test@g--a.com", "test@g--a.com"),
        ("a@a.co", "a@a.co"),
    ])
    func acceptsAndNormalizes(input: String, expected: String) {
        #expect(strictEmail().normalize(input).address == expected)
    }

    // MARK: - rejected, with the code

    @Test(arguments: [
        (nil, RejectCode.emailMissing), ("", .emailMissing), ("  \t ", .emailMissing),
        ("jane.example.com", .emailInvalid), ("jane@@example.com", .emailInvalid), ("a@b@c.com", .emailInvalid),
        ("@example.com", .emailInvalid), ("jane@", .emailInvalid), ("jane doe@example.com", .emailInvalid),
        (".jane@example.com", .emailInvalid), ("jane.@example.com", .emailInvalid), ("ja..ne@example.com", .emailInvalid),
        ("\"jane\"@example.com", .emailInvalid), ("jane@[127.0.0.1]", .emailInvalid), ("Jane <jane@example.com>", .emailInvalid),
        ("jane@example", .emailInvalid), ("jane@-example.com", .emailInvalid), ("jane@example-.com", .emailInvalid),
        ("jane@example..com", .emailInvalid), ("jane@.example.com", .emailInvalid), ("jane@example.com.", .emailInvalid),
        ("jane@example.c0m", .emailInvalid), ("jane@example.c", .emailInvalid), ("jane@exa_mple.com", .emailInvalid),
        ("jane@xn--0.com", .emailInvalid), ("jane@ab--cd.com", .emailInvalid), ("jane@☃.net", .emailInvalid),
        ("jane\u{200B}@example.com", .emailInvalid), ("jane@example.com\r", .emailInvalid), ("jane\n@example.com", .emailInvalid),
        ("jane\u{FE6B}example.com", .emailInvalid),
        (String(repeating: "a", count: 65) + "@example.com", .emailTooLong),
        ("a@" + String(repeating: "b", count: 64) + ".com", .emailInvalid),
        ("a@" + Array(repeating: String(repeating: "b", count: 50), count: 5).joined(separator: ".") + ".com", .emailTooLong),
        ("jane@localhost.localhost", .emailSpecialUse), ("jane@shop.test", .emailSpecialUse), ("jane@x.invalid", .emailSpecialUse),
        ("jane@printer.local", .emailSpecialUse), ("jane@www.example", .emailSpecialUse), ("jane@home.arpa", .emailSpecialUse),
    ] as [(String?, RejectCode)])
    func rejectsWithCode(input: String?, code: RejectCode) {
        #expect(strictEmail().normalize(input).code == code)
    }

    /// An address typed in full-width mode (an East Asian input method) is read as the ASCII
    /// address it spells, with a note; letters of other scripts are left as written.
    @Test(arguments: [
        ("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "jane@example.com"),
        ("jane＠example.com", "jane@example.com"),
        ("ＪＡＮＥ．ＤＯＥ＋ｎｅｗｓ@example.com", "jane.doe+news@example.com"),
        ("田中＠example.jp", "田中@example.jp"),
    ])
    func fullWidthFormsAreReadAsASCII(input: String, expected: String) {
        for syntax in [EmailNormalizer.Syntax.basic, .strict] {
            let outcome = strictEmail { $0.syntax = syntax }.normalize(input)
            #expect(outcome.address == expected, "\(syntax)")
            #expect(outcome.notes.map(\.code) == ["email_full_width_folded"], "\(syntax)")
        }
        #expect(strictEmail().normalize("jane＠example.com").notes.first?.message == "'jane＠example.com' was typed in full-width characters; read as 'jane@example.com'")
        #expect(FullWidthEmail.folded("jane@example.com") == nil)
        #expect(FullWidthEmail.folded("zoë@example.com") == nil)
    }

    /// A full-width character that is part of an internationalized local part stays: folding
    /// "＠@example.at" gave two '@' (email-validator's suite has it as valid).
    @Test func aFoldThatMakesNoAddressIsNotMade() {
        let outcome = strictEmail().normalize("＠@fullwidth.at")
        #expect(outcome.address == "＠@fullwidth.at")
        #expect(outcome.notes.isEmpty)
    }

    @Test func aSmallCommercialAtIsStillRefusedForWhatItIs() {
        #expect(strictEmail().normalize("jane\u{FE6B}example.com").reason?.contains("instead of '@'") == true)
    }

    @Test func reasonsNameTheProblemAndQuoteTheValue() {
        #expect(strictEmail().normalize("jane@@x.com").reason == "'jane@@x.com' has two '@'")
        #expect(strictEmail().normalize("\"q\"@x.com").reason?.contains("quoted local parts are not accepted") == true)
        #expect(strictEmail().normalize("me@[1.2.3.4]").reason?.contains("IP-literal domains are not accepted") == true)
        #expect(strictEmail().normalize("a@b").reason == "the domain 'b' of 'a@b' has no '.'")
    }

    /// An address pasted with the brackets or quotation marks around it is refused for those,
    /// not for a display name it does not have or a domain libidn2 refuses for the closing quote.
    @Test(arguments: [("<jane@x.com>", "'<' and '>'"), ("\u{201C}jane@x.com\u{201D}", "quotation marks"),
                      ("\u{2018}jane@x.com\u{2019}", "quotation marks"), ("'jane@x.com'", "quotation marks"),
                      ("\"jane@x.com\"", "quotation marks"), ("\u{AB}jane@x.com\u{BB}", "quotation marks")])
    func aWrappedAddressSaysWhatWrapsIt(input: String, wrapper: String) {
        let outcome = strictEmail().normalize(input)
        #expect(outcome.reason == "'\(input)' is wrapped in \(wrapper); only a bare address can be imported", "\(outcome)")
        if case .rejected(_, _, let fix) = outcome { #expect(fix == "keep only the address between them") }
        #expect(strictEmail().normalize("Jane <jane@x.com>").reason?.contains("has a display name") == true)
        #expect(strictEmail().normalize("\"Doe, Jane\" <jane@x.com>").reason?.contains("has a display name") == true)
    }

    // MARK: - options

    @Test func specialUseCanBeAllowed() {
        #expect(strictEmail { $0.rejectSpecialUse = false }.normalize("jane@shop.test").address == "jane@shop.test")
    }

    @Test func localPartCaseCanBeKept() {
        #expect(strictEmail { $0.lowercaseLocal = false }.normalize("Jane.Doe@Example.COM").address == "Jane.Doe@example.com")
    }

    @Test(arguments: [("jane@gmial.com", "jane@gmail.com"), ("jane@hotmial.com", "jane@hotmail.com"),
                      ("jane@yaho.com", "jane@yahoo.com"), ("jane@gmail.con", "jane@gmail.com")])
    func typosAreSuggestedAndFixedOnRequest(input: String, meant: String) {
        let noted = strictEmail().normalize(input)
        #expect(noted.address == input)
        #expect(noted.notes.map(\.code) == ["email_typo_suggestion"])
        #expect(noted.notes.first?.message.contains("'\(meant)'") == true)
        let fixed = strictEmail { $0.fixTypos = true }.normalize(input)
        #expect(fixed.address == meant)
        #expect(fixed.notes.map(\.code) == ["email_typo_fixed"])
    }

    @Test(arguments: ["info@acme.com", "NoReply@acme.com", "admin+alerts@acme.com", "postmaster@acme.com"])
    func roleAccountsAreNoted(input: String) {
        #expect(strictEmail().normalize(input).notes.map(\.code) == ["role_account"])
        #expect(strictEmail { $0.noteRoleAccounts = false }.normalize(input).notes.isEmpty)
    }

    @Test func personalAddressesAreNotRoleAccounts() {
        #expect(strictEmail().normalize("information.desk.jane@acme.com").notes.isEmpty)
    }

    // MARK: - basic syntax (the reference workload's regex)

    @Test(arguments: [
        (" \tJohn.Smith@Gmail.COM ", "john.smith@gmail.com"), ("a@b..c", "a@b..c"), ("x@gmail.com.", "x@gmail.com."),
        ("ZOË@EXAMPLE.COM", "zoë@example.com"), ("李.wang@example.cn", "李.wang@example.cn"), ("\"q\"@x.com", "\"q\"@x.com"),
        ("x@localhost.test", "x@localhost.test"),
    ])
    func basicAcceptsWhatTheRegexAccepts(input: String, expected: String) {
        #expect(strictEmail { $0.syntax = .basic }.normalize(input).address == expected)
    }

    @Test(arguments: ["john.smith.gmail.com", "john at gmail.com", "john@gmail", "john@gmail.", "jo hn@x.com", "john@@x.com",
                      "\"Smith, John\" <john@x.com>", "@x.com", "john@", "john@.com", "a\u{000B}b@x.com", "x@localhost"])
    func basicRejectsWhatTheRegexRejects(input: String) {
        #expect(strictEmail { $0.syntax = .basic }.normalize(input).code == .emailInvalid)
    }

    @Test func basicTrimsOnlySpaceAndTab() {
        #expect(strictEmail { $0.syntax = .basic }.normalize("\u{00A0}a@b.com").address == "\u{00A0}a@b.com")
        #expect(strictEmail { $0.syntax = .basic }.normalize("a@b.com\n").code == .emailInvalid)
    }

    // MARK: - lists

    @Test func builtInListsMatchTheRulesFiles() throws {
        let root = PackagePaths.root
        let typos = RulesData.parse(try String(contentsOfFile: root + "/rules/normalize/typo-domains.txt", encoding: .utf8))
        #expect(typos == TypoDomains.builtIn)
        let roles = RulesData.parse(try String(contentsOfFile: root + "/rules/role-accounts/standard.txt", encoding: .utf8))
        #expect(roles == RoleAccounts.builtIn)
    }
}
