import Testing
import ListwashCore
import ListwashParsers

/// The content-line syntax of every vCard dialect, one feature per test, on tiny inline cards.
struct VCardSyntaxTests {
    static let card = ["BEGIN:VCARD", "VERSION:3.0", "FN:Ann Lee", "N:Lee;Ann;;;", "EMAIL:ann@example.com", "END:VCARD"]

    @Test(arguments: [("\n", "lf"), ("\r\n", "crlf"), ("\r", "cr"), ("\r\r\n", "crcrlf")])
    func readsEveryLineEnding(_ ending: String, _ name: String) throws {
        let text = (Self.card + Self.card).joined(separator: ending) + ending
        let parsed = try VCardTestParsing.parse(text)
        #expect(parsed.records.map(\.email) == ["ann@example.com", "ann@example.com"])
        #expect(parsed.records.map(\.source.line) == [1, 7])
        #expect(parsed.fact("line_endings") == name)
        #expect(parsed.records.allSatisfy { $0.reject == nil && $0.firstName == "Ann" })
    }

    /// A quoted-printable value ending in a broken `=` does not swallow the EMAIL or TEL line
    /// after it (with or without a group); a soft break before other text still joins it.
    @Test(arguments: ["EMAIL;TYPE=INTERNET:ann@example.com", "item1.EMAIL:ann@example.com", "email:ann@example.com"])
    func aBrokenSoftBreakDoesNotSwallowTheEmail(emailLine: String) throws {
        let text = ["BEGIN:VCARD", "VERSION:2.1", "FN;ENCODING=QUOTED-PRINTABLE:A=ZZ=", emailLine, "TEL:+1 650 253 0000", "END:VCARD"]
            .joined(separator: "\r\n") + "\r\n"
        let parsed = try VCardTestParsing.parse(text)
        #expect(parsed.record?.email == "ann@example.com")
        #expect(parsed.record?.phone == "+1 650 253 0000")
        let joined = try VCardTestParsing.parse(["BEGIN:VCARD", "VERSION:2.1", "FN;ENCODING=QUOTED-PRINTABLE:Ann=", "e Lee", "EMAIL:a@example.com", "END:VCARD"]
            .joined(separator: "\r\n") + "\r\n")
        #expect(joined.record?.fullName == "Anne Lee")
    }

    @Test func loneCRInsideCRLFFileIsData() throws {
        let parsed = try VCardTestParsing.parse("BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:a@b.com\r\nX-CUSTOM3:custom\r3\r\nEND:VCARD\r\n")
        let r = try #require(parsed.record)
        #expect(r.reject == nil)
        #expect(r.extra[key: "X-CUSTOM3"] == "custom\r3")
    }

    @Test func unfoldsContinuationLinesStartingWithSpaceOrTab() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL:ann@exa", " mple.com", "NOTE:one", "\ttwo", "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.email == "ann@example.com")
        #expect(r.extra[key: "NOTE"] == "onetwo")
    }

    /// A card indented as a whole (pasted from a mail) is read without its indent; before, its
    /// lines folded into the END:VCARD of the card before it and it vanished.
    @Test(arguments: ["  ", "\t", "    "])
    func readsACardIndentedAsAWhole(_ indent: String) throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL:one@x.com", "END:VCARD",
            indent + "BEGIN:VCARD", indent + "VERSION:3.0", indent + "EMAIL:two@x.com", indent + "NOTE:a long", indent + "  note folded",
            indent + "END:VCARD",
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL:ann@exa", " mple.com", "END:VCARD"))
        #expect(parsed.records.map(\.email) == ["one@x.com", "two@x.com", "ann@example.com"])
        #expect(parsed.records.allSatisfy { $0.reject == nil })
        #expect(parsed.records[1].extra[key: "NOTE"] == "a long note folded")
        #expect(parsed.records.map(\.source.line) == [1, 5, 11])
    }

    /// An indented first card, and a blank-led line that is not a card boundary still folds.
    @Test func anIndentedFirstCardAndOrdinaryFoldsAfterIt() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            " BEGIN:VCARD", " VERSION:3.0", " EMAIL:one@x.com", " END:VCARD",
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL:two@x.com", "NOTE:end", " :VCARD", "END:VCARD"))
        #expect(parsed.records.map(\.email) == ["one@x.com", "two@x.com"])
        #expect(parsed.records[1].extra[key: "NOTE"] == "end:VCARD")
    }

    @Test func joinsQuotedPrintableSoftLineBreaks() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1",
            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BC=",
            "ller;J=C3=B6rg;;;",
            "NOTE;QUOTED-PRINTABLE:line one=0D=0A=",
            "line two",
            "EMAIL;INTERNET:jm@example.com",
            "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.lastName == "Müller")
        #expect(r.firstName == "Jörg")
        #expect(r.extra[key: "NOTE"] == "line one\r\nline two")
        #expect(r.email == "jm@example.com")
    }

    @Test func brokenSoftBreakOnLastLineDoesNotSwallowEnd() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:a@b.com", "NOTE;ENCODING=QUOTED-PRINTABLE:abc=", "END:VCARD",
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:c@d.com", "END:VCARD"))
        #expect(parsed.records.map(\.email) == ["a@b.com", "c@d.com"])
        #expect(parsed.records.allSatisfy { $0.reject == nil })
    }

    @Test func quotedPrintableWithoutCharsetFallsBackToWindows1252WithNote() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "N;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Piotr", "EMAIL:p@x.com", "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.lastName == "Iksiñski")
        #expect(r.notes.map(\.code) == ["charset_assumed"])
        #expect(r.reject == nil)
    }

    @Test func quotedPrintableUndefinedEvenInWindows1252IsAnEncodingReject() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:p@x.com", "N;ENCODING=QUOTED-PRINTABLE:Ab=81c;Jo", "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.reject?.code == .encodingInvalid)
        #expect(r.reject?.reason == "line 4, column 29: byte 0x81 is not defined in windows-1252")
        #expect(r.lastName == nil && r.email == "p@x.com")
    }

    @Test(arguments: [
        ("windows-1252", [0x80, 0x9C] as [UInt8], "€œ"),
        ("ISO-8859-1", [0xE9, 0xA4], "é¤"),
        ("iso-8859-15", [0xE9, 0xA4], "é€"),
        ("UTF-8", [0xC3, 0xA9], "é"),
        ("ISO-8859-2", [0xB3, 0xF3], "łó"),
        ("windows-1250", [0x9C, 0xB9], "śą"),
    ])
    func decodesCharsetParameterOnRawBytes(_ charset: String, _ bytes: [UInt8], _ expected: String) throws {
        let head = Array("BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL:a@b.com\r\nN;CHARSET=\(charset):".utf8)
        let parsed = try VCardTestParsing.parse(bytes: head + bytes + Array(";Jo\r\nEND:VCARD\r\n".utf8))
        let r = try #require(parsed.record)
        #expect(r.lastName == expected)
        #expect(r.reject == nil)
    }

    /// A value labelled with a single-byte charset whose bytes are UTF-8 (an export re-saved as
    /// UTF-8 by an editor or converter, its CHARSET labels left as they were) is read as UTF-8,
    /// with a note: read in the label's charset every accented letter became two ("JÃ¶rg").
    @Test(arguments: ["ISO-8859-1", "windows-1252", "Windows-1250", "iso-8859-2"])
    func aSingleByteCharsetOverUTF8BytesIsReadAsUTF8(_ charset: String) throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=\(charset):Müller;Jörg", "FN;CHARSET=\(charset);ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller",
            "ORG;CHARSET=\(charset):Acme", "EMAIL:j@x.com", "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.firstName == "Jörg" && r.lastName == "Müller")
        #expect(r.fullName == "Jörg Müller")
        #expect(r.customerAcctName == "Acme")
        #expect(r.reject == nil)
        #expect(r.notes.map(\.code) == ["charset_ignored", "charset_ignored"])
        #expect(r.notes.first?.message == "line 3: 'N' is labelled CHARSET=\(charset) but its bytes are UTF-8; read as UTF-8")
    }

    @Test func decodesCharsetOfQuotedPrintableBytes() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:Do=EB;John", "EMAIL:j@d.com", "END:VCARD"))
        #expect(parsed.record?.lastName == "Doë")
    }

    @Test func forcedSingleByteEncodingAppliesToValuesWithoutCharset() throws {
        let bytes = Array("BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL:a@b.com\r\nFN:Ren".utf8) + [0xE9] + Array("e\r\nEND:VCARD\r\n".utf8)
        let parsed = try VCardTestParsing.parse(bytes: bytes, encoding: "windows-1252")
        #expect(parsed.record?.fullName == "Renée")
        #expect(parsed.fact("encoding") == "windows-1252 (forced)")
    }

    @Test(arguments: [
        (true, true, "utf-16be (BOM)"), (false, true, "utf-16le (BOM)"),
        (true, false, "utf-16be (no BOM)"), (false, false, "utf-16le (no BOM)"),
    ])
    func detectsUTF16WithAndWithoutBOM(_ bigEndian: Bool, _ bom: Bool, _ fact: String) throws {
        let text = VCardTestParsing.crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Ǽgean ĽdaMonté 𝄞", "EMAIL:e@x.com", "END:VCARD")
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in text.utf16 { bytes += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let parsed = try VCardTestParsing.parse(bytes: bytes)
        let r = try #require(parsed.record)
        #expect(r.fullName == "Ǽgean ĽdaMonté 𝄞")
        #expect(r.email == "e@x.com")
        #expect(parsed.fact("encoding") == fact)
    }

    @Test func skipsUTF8ByteOrderMark() throws {
        let parsed = try VCardTestParsing.parse("\u{FEFF}BEGIN:VCARD\nVERSION:3.0\nEMAIL:a@b.com\nEND:VCARD\n")
        #expect(parsed.record?.email == "a@b.com")
        #expect(parsed.fact("encoding") == "utf-8 (BOM)")
    }

    @Test func resolvesEscapes() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL:a@b.com", #"N:O\;Neil;Ann\, Jr;;;"#, #"NOTE:a\nb\\c\,d\;e\Nf"#,
            #"ORG:Smith\, Jones & Co;Sales"#, "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.lastName == "O;Neil")
        #expect(r.firstName == "Ann, Jr")
        #expect(r.extra[key: "NOTE"] == "a\nb\\c,d;e\nf")
        #expect(r.customerAcctName == "Smith, Jones & Co")
        #expect(r.extra[key: "ORG unit"] == "Sales")
    }

    @Test(arguments: [
        "EMAIL;TYPE=work,pref:b@x.com",
        "EMAIL;TYPE=work;TYPE=pref:b@x.com",
        "EMAIL;WORK;PREF:b@x.com",
        "EMAIL;TYPE=\"work,pref\":b@x.com",
        "EMAIL;PREF=1:b@x.com",
        "email;type=WORK;type=PREF:b@x.com",
    ])
    func readsParametersInEverySyntax(_ line: String) throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL;TYPE=home:a@x.com", line, "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.email == "b@x.com")
        #expect(r.extra[key: "EMAIL (home)"] == "a@x.com")
    }

    @Test func groupedLabelIsAttachedToItsProperty() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL;type=INTERNET;type=pref:a@x.com",
            "item1.EMAIL;type=INTERNET:b@x.com", "item1.X-ABLabel:_$!<Other>!$_",
            "item2.URL:http://x.example", "item2.X-ABLabel:blog", "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.email == "a@x.com")
        #expect(r.extra[key: "EMAIL (Other)"] == "b@x.com")
        #expect(r.extra[key: "URL (blog)"] == "http://x.example")
        #expect(r.extra.allSatisfy { !$0.key.uppercased().hasPrefix("X-ABLABEL") })
    }

    @Test func skipsBase64ValuesFoldedOrNot() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:a@b.com",
            "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
            " /2wBDAAIBAQEBAQIBAQE", "",
            "LOGO;ENCODING=BASE64:AAAA", "QUJDRA==", "",
            "X-THING;ENCODING=b:QUJD", "NOTE:kept", "END:VCARD"))
        let r = try #require(parsed.record)
        #expect(r.reject == nil)
        #expect(r.extra == [KeyValue("NOTE", "kept")])
    }

    @Test func decodesBase64WhenATextPropertyNeedsIt() throws {
        // "ann@example.com" in base64
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:3.0", "EMAIL;ENCODING=b:YW5uQGV4YW1wbGUuY29t", "END:VCARD"))
        #expect(parsed.record?.email == "ann@example.com")
    }

    @Test func readsBlankLinesAndSeveralCards() throws {
        let parsed = try VCardTestParsing.parse("\n\nBEGIN:VCARD\nEMAIL:a@b.com\nEND:VCARD\n\n  \n\nBEGIN:VCARD\nEMAIL:c@d.com\nEND:VCARD\n\n")
        #expect(parsed.records.map(\.email) == ["a@b.com", "c@d.com"])
        #expect(parsed.records.map(\.source.record) == [1, 2])
        #expect(parsed.records.map(\.source.line) == [3, 9])
        #expect(parsed.fact("cards") == "2")
    }

    /// Files joined with `cat` (one .vcf per contact) keep each file's byte order mark before
    /// its `BEGIN:VCARD`; that card was read as stray text and lost.
    @Test func aByteOrderMarkBeforeALaterCardIsTheStartOfAnotherFile() throws {
        let one = "\u{FEFF}BEGIN:VCARD\r\nVERSION:3.0\r\nN:One;Ann;;;\r\nEMAIL:ann@x.com\r\nEND:VCARD\r\n"
        let two = "\u{FEFF}BEGIN:VCARD\r\nVERSION:3.0\r\nN:Two;Bob;;;\r\nEMAIL:bob@x.com\r\nEND:VCARD\r\n"
        let parsed = try VCardTestParsing.parse(one + two)
        #expect(parsed.records.map(\.email) == ["ann@x.com", "bob@x.com"])
        #expect(parsed.records.allSatisfy { $0.reject == nil })
        #expect(parsed.records.map(\.source.line) == [1, 6])
        #expect(parsed.fact("cards") == "2")

        // UTF-16 files joined so: the second BOM is transcoded to the same bytes.
        let utf16 = Array((one + two).utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try VCardTestParsing.parse(bytes: utf16).records.map(\.email) == ["ann@x.com", "bob@x.com"])

        // A broken quoted-printable '=' at the end of a card cut short does not swallow the next file's card.
        let cut = "BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL:cut@x.com\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n"
        let afterCut = try VCardTestParsing.parse(cut + two)
        #expect(afterCut.records.map(\.email) == ["cut@x.com", "bob@x.com"])
        #expect(afterCut.records.map { $0.reject?.code } == [.vcardMalformed, nil])
    }

    @Test func reportsVersionsSeen() throws {
        let parsed = try VCardTestParsing.parse(
            "BEGIN:VCARD\nVERSION:2.1\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nEND:VCARD\n")
        #expect(parsed.fact("versions") == "2.1, 4.0")
        #expect(parsed.fact("cards") == "3")
    }

    @Test func embeddedAgentCardIsSkippedWithANote() throws {
        let parsed = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "N:Boss;Bea", "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "N:Assistant;Al",
            "EMAIL:al@x.com", "END:VCARD", "EMAIL:bea@x.com", "END:VCARD",
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:next@x.com", "END:VCARD"))
        #expect(parsed.records.map(\.email) == ["bea@x.com", "next@x.com"])
        #expect(parsed.records.allSatisfy { $0.reject == nil })
        #expect(parsed.records[0].lastName == "Boss")
        #expect(parsed.records[0].notes.map(\.code) == ["agent_skipped"])
        #expect(parsed.fact("cards") == "2")
    }
}
