import Testing
import ListwashCore
import ListwashParsers

/// Broken cards become rejects naming line and column, keep what could be read, and the next
/// card still parses.
struct VCardRejectTests {
    @Test func cardWithoutEndIsRejectedAndTheNextCardParses() throws {
        let parsed = try VCardTestParsing.parse("BEGIN:VCARD\nEMAIL:a@x.com\nFN:Ann\nBEGIN:VCARD\nEMAIL:b@x.com\nEND:VCARD\n")
        #expect(parsed.records.count == 2)
        let broken = parsed.records[0]
        #expect(broken.reject?.code == .vcardMalformed)
        #expect(broken.reject?.stage == "parse")
        #expect(broken.reject?.reason.contains("no END:VCARD before the next BEGIN:VCARD on line 4") == true)
        #expect(broken.email == "a@x.com" && broken.fullName == "Ann")
        #expect(parsed.records[1].email == "b@x.com" && parsed.records[1].reject == nil)
    }

    /// A group card (vCard 4's KIND:group, Apple's X-ADDRESSBOOKSERVER-KIND:group, as iCloud
    /// exports a contact group) lists other cards: it is a `vcard_group` reject saying so. It
    /// came out as a contact named after the group, rejected by normalize as `email_missing`
    /// with the fix "add the contact's email address"; one with a list address was imported as
    /// a person.
    @Test(arguments: [["KIND:group"], ["kind:Group"], ["X-ADDRESSBOOKSERVER-KIND:group"], ["KIND:group", "EMAIL:family@x.com"]])
    func aGroupCardIsNoContact(_ lines: [String]) throws {
        let text = (["BEGIN:VCARD", "VERSION:4.0", "FN:The Doe Family", "N:Doe Family;;;;"] + lines
            + ["MEMBER:urn:uuid:03a0e51f", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:b8767877", "END:VCARD",
               "BEGIN:VCARD", "VERSION:4.0", "KIND:individual", "FN:Ann Doe", "EMAIL:ann@x.com", "END:VCARD"])
            .joined(separator: "\r\n") + "\r\n"
        for allEmails in [false, true] {
            let parsed = try VCardTestParsing.parse(text, allEmails: allEmails)
            #expect(parsed.records.count == 2)
            let group = try #require(parsed.records.first?.reject)
            #expect(group.code == .vcardGroup)
            #expect(group.stage == "parse")
            #expect(group.reason == "line 1: the card is a group ('The Doe Family', 2 members), not a contact")
            #expect(group.fix?.contains("cards of their own") == true)
            #expect(parsed.records[1].email == "ann@x.com" && parsed.records[1].reject == nil)
        }
    }

    @Test func cardCutOffAtEndOfFileIsRejected() throws {
        let parsed = try VCardTestParsing.parse("BEGIN:VCARD\nEMAIL:a@x.com\n")
        #expect(parsed.record?.reject?.code == .vcardMalformed)
        #expect(parsed.record?.email == "a@x.com")
    }

    @Test(arguments: [
        ("this line has no colon", 23, "no ':'"),
        ("EMAIL;TYPE=\"work:a@x.com", 12, "quote that never closes"),
        (":value", 1, "where a property name should start"),
        ("EM AIL:x", 3, "a space in the property name"),
    ])
    func malformedPropertyLineNamesLineAndColumn(_ bad: String, _ column: Int, _ words: String) throws {
        let parsed = try VCardTestParsing.parse("BEGIN:VCARD\n\(bad)\nEMAIL:ok@x.com\nEND:VCARD\nBEGIN:VCARD\nEMAIL:next@x.com\nEND:VCARD\n")
        let reject = try #require(parsed.records.first?.reject)
        #expect(reject.code == .vcardMalformed)
        #expect(reject.reason.hasPrefix("line 2, column \(column): "))
        #expect(reject.column == column)
        #expect(reject.reason.contains(words))
        #expect(parsed.records.first?.email == "ok@x.com")
        #expect(parsed.records.last?.email == "next@x.com" && parsed.records.last?.reject == nil)
    }

    @Test func columnOfAProblemOnAFoldedLineIsOnItsPhysicalLine() throws {
        let parsed = try VCardTestParsing.parse("BEGIN:VCARD\nEMAIL;TYPE=work\n ;TYPE=\"x:a@x.com\nEND:VCARD\n")
        let reject = try #require(parsed.record?.reject)
        #expect(reject.reason.hasPrefix("line 3, column 8: "))
    }

    @Test func invalidBytesAfterUTF8TextAreAnEncodingRejectWithColumn() throws {
        let bytes = Array("BEGIN:VCARD\nFN:Zoë\nEND:VCARD\nBEGIN:VCARD\nEMAIL:a@x.com\nFN:Ren".utf8) + [0xE9]
            + Array("e\nEND:VCARD\nBEGIN:VCARD\nEMAIL:b@x.com\nEND:VCARD\n".utf8)
        let parsed = try VCardTestParsing.parse(bytes: bytes)
        let reject = try #require(parsed.records[1].reject)
        #expect(reject.code == .encodingInvalid)
        #expect(reject.reason == "line 6, column 7: byte 0xE9 is not valid UTF-8")
        #expect(reject.column == 7)
        #expect(parsed.records[1].email == "a@x.com")
        #expect(parsed.records[1].fullName == nil)
        #expect(parsed.records[2].reject == nil)
        #expect(parsed.fact("encoding") == "utf-8")
    }

    @Test func eightBitTextBeforeAnyUTF8MeansAWindows1252File() throws {
        let bytes = Array("BEGIN:VCARD\nEMAIL:a@x.com\nFN:Ren".utf8) + [0xE9] + Array("e\nORG:M".utf8) + [0xFC]
            + Array("ller \u{80}\nEND:VCARD\n".utf8).filter { $0 < 0x80 } + Array("BEGIN:VCARD\nN:Gr".utf8) + [0xF6, 0xDF]
            + Array(";Ann\nEND:VCARD\n".utf8)
        let parsed = try VCardTestParsing.parse(bytes: bytes)
        #expect(parsed.records.map(\.reject) == [nil, nil])
        #expect(parsed.records[0].fullName == "Renée")
        #expect(parsed.records[0].customerAcctName == "Müller ")
        #expect(parsed.records[1].lastName == "Größ")
        #expect(parsed.fact("encoding") == "windows-1252 (detected)")
    }

    @Test func unpairedUTF16SurrogateIsAnEncodingReject() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        let units = Array("BEGIN:VCARD\r\nEMAIL:a@x.com\r\nFN:x".utf16) + [0xD800] + Array("y\r\nEND:VCARD\r\n".utf16)
        for u in units { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let parsed = try VCardTestParsing.parse(bytes: bytes)
        #expect(parsed.record?.reject?.code == .encodingInvalid)
        #expect(parsed.record?.email == "a@x.com")
    }

    @Test func textOutsideCardsIsOneRejectPerRun() throws {
        let parsed = try VCardTestParsing.parse("garbage\nmore garbage\nBEGIN:VCARD\nEMAIL:a@x.com\nEND:VCARD\nEND:VCARD\n")
        #expect(parsed.records.count == 3)
        #expect(parsed.records[0].reject?.code == .vcardMalformed)
        #expect(parsed.records[0].reject?.reason.contains("'garbage' (and 1 more line)") == true)
        #expect(parsed.records[0].source.line == 1)
        #expect(parsed.records[1].email == "a@x.com")
        #expect(parsed.records[2].reject?.code == .vcardMalformed)
        #expect(parsed.records[2].source.line == 6)
    }

    @Test func emptyFileGivesNoRecords() throws {
        #expect(try VCardTestParsing.parse("").records.isEmpty)
        #expect(try VCardTestParsing.parse("\r\n\r\n").records.isEmpty)
    }
}
