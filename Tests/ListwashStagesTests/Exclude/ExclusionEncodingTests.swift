import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

/// Exclusion files as spreadsheets and other systems save them: a byte order mark, UTF-16,
/// domains written in Unicode. Each of these once excluded less than the file said, silently.
struct ExclusionEncodingTests {
    static let bom = "\u{FEFF}"

    /// A UTF-8 byte order mark is not part of the first entry, in every kind of list.
    @Test func aByteOrderMarkDoesNotHideTheFirstEntry() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", Self.bom + "a@x.com\nb@x.com\n")
        try f.write("roles.txt", Self.bom + "info\n")
        try f.write("disp.txt", Self.bom + "mailinator.com\n")
        let stage = try f.stage([("file", .scalar("ex.txt")), ("role_accounts", .scalar("roles.txt")), ("disposable", .scalar("disp.txt"))])
        let (out, ledger) = runStage(stage, emails(["a@x.com", "b@x.com", "info@y.com", "z@mailinator.com", "ok@y.com"]))
        #expect(out.map { $0.reject?.code } == [.excludedExact, .excludedExact, .roleAccount, .disposableDomain, nil])
        #expect(out[0].reject?.match?.line == 1)
        #expect(ledger.isBalanced)
    }

    /// Lists each saved with a mark and joined with `cat`: the second list's first entry is an
    /// entry, not an address starting with U+FEFF that matches nobody.
    @Test func listsJoinedWithTheirMarksExcludeEveryEntry() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", Self.bom + "a@x.com\n" + Self.bom + "b@x.com\n" + Self.bom + "@y.org\n")
        try f.write("roles.txt", Self.bom + "info\n" + Self.bom + "sales\n")
        let stage = try f.stage([("file", .scalar("ex.txt")), ("role_accounts", .scalar("roles.txt"))])
        let (out, ledger) = runStage(stage, emails(["a@x.com", "b@x.com", "c@y.org", "sales@z.com", "ok@z.com"]))
        #expect(out.map { $0.reject?.code } == [.excludedExact, .excludedExact, .excludedDomain, .roleAccount, nil])
        #expect(ledger.isBalanced)
    }

    /// UTF-16 text (what some Windows tools save) is refused with a fix, not read as bytes that
    /// match nothing.
    @Test(arguments: [[UInt8]([0xFF, 0xFE]), [0xFE, 0xFF], []])
    func utf16IsRefusedWithAFix(bom: [UInt8]) throws {
        let f = try ExclusionFiles()
        let big = bom == [0xFE, 0xFF]
        let units = Array("a@x.com\nb@x.com\n".utf16)
        let body = units.flatMap { big ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for name in ["u.txt", "roles.txt"] {
            _ = try f.dir.write(name, bytes: bom + body)
        }
        for setting in ["file", "role_accounts"] {
            let error = #expect(throws: DiagnosticList.self) {
                _ = try f.stage([(setting, .scalar(setting == "file" ? "u.txt" : "roles.txt"))])
            }
            #expect(error?.diagnostics.first?.code == "exclusion_file_unreadable")
            #expect(error?.diagnostics.first?.message.contains(bom.isEmpty ? "NUL" : "UTF-16") == true)
            #expect(error?.diagnostics.first?.fix?.contains("UTF-8") == true)
        }
    }

    /// An entry whose domain is in Unicode matches the address in either form: as written, and
    /// as normalize writes it (punycode).
    @Test func unicodeDomainsMatchTheirPunycodeForm() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", "jane@bücher.de\n@müller.de\nsuffix:@bücher.at\n")
        try f.write("disp.txt", "wegwerf-pöst.de\n")
        let stage = try f.stage([("file", .scalar("ex.txt")), ("disposable", .scalar("disp.txt"))])
        let (out, ledger) = runStage(stage, emails([
            "jane@xn--bcher-kva.de", "jane@bücher.de", "x@xn--mller-kva.de", "x@müller.de", "y@xn--bcher-kva.at",
            "z@xn--wegwerf-pst-zfb.de", "jane@bucher.de",
        ]))
        #expect(out.map { $0.reject?.code } == [.excludedExact, .excludedExact, .excludedDomain, .excludedDomain, .excludedSuffix,
                                               .disposableDomain, nil])
        #expect(out[0].reject?.match?.line == 1)
        #expect(ledger.isBalanced)
    }

    /// A hashed list made from addresses with Unicode domains matches the punycode form
    /// `normalize` writes; a plain address still matches its own hash.
    @Test func hashedEntriesOfUnicodeDomainsMatchThePunycodeForm() throws {
        let f = try ExclusionFiles()
        // sha256 of "user@bücher.de" and of "plain@x.com".
        try f.write("hashed.txt", "a6667ab428f538753ae2bcb430005815a8dc028d87c4d53fe5ef7015a7a8e671\ne9b2eb9c54f401491f3c33b03b9c7ef7dc87f72d42c3d807a8efab0d0df63365\n")
        let stage = try f.stage([("file", .scalar("hashed.txt")), ("kind", .scalar("sha256"))])
        let (out, ledger) = runStage(stage, emails(["user@xn--bcher-kva.de", "plain@x.com", "other@xn--bcher-kva.de"]))
        #expect(out.map { $0.reject?.code } == [.excludedHashed, .excludedHashed, nil])
        #expect(ledger.isBalanced)
    }
}
