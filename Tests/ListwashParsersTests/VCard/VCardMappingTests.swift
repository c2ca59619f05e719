import Testing
import ListwashCore
@testable import ListwashParsers

/// How a card's properties land in the record contract (DESIGN §2).
struct VCardMappingTests {
    static func card(_ lines: String...) -> String {
        (["BEGIN:VCARD", "VERSION:3.0"] + lines + ["END:VCARD"]).joined(separator: "\r\n") + "\r\n"
    }

    @Test func preferredEmailIsTheLowestPrefElseTypePrefElseFirst() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("EMAIL:a@x.com", "EMAIL;PREF=2:b@x.com", "EMAIL;PREF=1:c@x.com")
            + Self.card("EMAIL:a@x.com", "EMAIL;TYPE=pref:b@x.com")
            + Self.card("EMAIL:a@x.com", "EMAIL:b@x.com"))
        #expect(parsed.records.map(\.email) == ["c@x.com", "b@x.com", "a@x.com"])
        #expect(parsed.records[0].extra == [KeyValue("EMAIL", "a@x.com"), KeyValue("EMAIL 2", "b@x.com")])
        #expect(parsed.records[2].extra == [KeyValue("EMAIL", "b@x.com")])
    }

    /// Repeats are numbered from 2; the keys are kept in a set (``ExtraKeys``), as a card with
    /// 200,000 EMAIL lines took minutes.
    @Test func repeatedKeysAreNumberedFromTwo() throws {
        let lines = ["BEGIN:VCARD", "VERSION:3.0", "EMAIL:a@x.com", "NOTE:one", "NOTE:two", "NOTE:three"]
            + (1...30).map { "EMAIL:e\($0)@x.com" } + ["END:VCARD"]
        let parsed = try VCardTestParsing.parse(lines.joined(separator: "\r\n") + "\r\n")
        let keys = parsed.records[0].extra.map { (kv: KeyValue) in kv.key }
        #expect(keys.filter { $0.hasPrefix("NOTE") } == ["NOTE", "NOTE 2", "NOTE 3"])
        #expect(keys.filter { $0.hasPrefix("EMAIL") } == ["EMAIL"] + (2...30).map { "EMAIL \($0)" })
    }

    @Test func theLowestFreeNumberIsTaken() {
        var keys = ExtraKeys()
        #expect(["A", "A 3", "A", "A", "A", "B"].map { keys.unique($0) } == ["A", "A 3", "A 2", "A 4", "A 5", "B"])
    }

    @Test func allEmailsGivesOneRecordPerAddressSharingTheOtherFields() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("N:Lee;Ann;;;", "EMAIL:a@x.com", "TEL:123", "EMAIL;TYPE=pref:b@x.com", "NOTE:n")
            + Self.card("FN:No Mail"), allEmails: true)
        #expect(parsed.records.map(\.email) == ["a@x.com", "b@x.com", nil])
        #expect(parsed.records.map(\.source.record) == [1, 1, 2])
        for r in parsed.records.prefix(2) {
            #expect(r.firstName == "Ann" && r.lastName == "Lee" && r.phone == "123")
            #expect(r.extra == [KeyValue("NOTE", "n")])
        }
    }

    @Test func namesComeFromNAndFullNameFromFN() throws {
        let r = try #require(try VCardTestParsing.parse(Self.card("FN:Dr. Ann B. Lee Jr.", "N:Lee;Ann;B.;Dr.;Jr.", "EMAIL:a@x.com")).record)
        #expect(r.firstName == "Ann")
        #expect(r.lastName == "Lee")
        #expect(r.fullName == "Dr. Ann B. Lee Jr.")
        #expect(r.extra == [KeyValue("N additional", "B."), KeyValue("N prefix", "Dr."), KeyValue("N suffix", "Jr.")])
    }

    /// N's components hold several values separated by unescaped commas (RFC 6350 §6.2.2,
    /// RFC 2426 §3.1.2: `N:Smith;Mary,Ann;;;`): a first or last name of several values is
    /// those values with spaces. It was "Mary,Ann", sent so; an escaped `\,` stays a comma.
    @Test func severalGivenOrFamilyNamesAreJoinedWithSpaces() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("N:Garc\u{ED}a,L\u{F3}pez;Mary,Ann;Philip,Paul;;", "EMAIL:a@x.com")
            + Self.card("N:Lee;Ann\\, Jr;;;", "EMAIL:b@x.com")
            + Self.card("N:Lee;,Ann,;;;", "EMAIL:c@x.com"))
        #expect(parsed.records.map(\.firstName) == ["Mary Ann", "Ann, Jr", "Ann"])
        #expect(parsed.records.map(\.lastName) == ["Garc\u{ED}a L\u{F3}pez", "Lee", "Lee"])
        #expect(parsed.records[0].extra[key: "N additional"] == "Philip,Paul")
        // 2.1 escapes no comma: one there is part of the name.
        let old = try VCardTestParsing.parse("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann, Jr\r\nEMAIL:a@x.com\r\nEND:VCARD\r\n")
        #expect(old.record?.firstName == "Ann, Jr")
    }

    /// A company card's FN names the organization: kept in `_extra`, never split into a
    /// person's first and last name.
    @Test(arguments: [["X-ABShowAs:COMPANY", "ORG:Acme Widgets Corp;"], ["KIND:org", "ORG:Acme Widgets Corp"], ["ORG:acme widgets corp"]])
    func aCompanyCardsFullNameIsNotAPersonsName(_ lines: [String]) throws {
        let text = (["BEGIN:VCARD", "VERSION:3.0", "N:;;;;", "FN:Acme Widgets Corp", "EMAIL:info@acme.example"] + lines + ["END:VCARD"])
            .joined(separator: "\r\n") + "\r\n"
        let r = try #require(try VCardTestParsing.parse(text).record)
        #expect(r.fullName == nil)
        #expect(r.firstName == nil && r.lastName == nil)
        #expect(r.extra.contains(KeyValue("FN", "Acme Widgets Corp")))
        // A person's card that works at a company keeps its full name.
        let person = try #require(try VCardTestParsing.parse(Self.card("FN:Ann Lee", "ORG:Acme Widgets Corp", "EMAIL:a@x.com")).record)
        #expect(person.fullName == "Ann Lee")
    }

    @Test(arguments: ["", "N:;;;;\r\n"])
    func withoutNTheFullNameIsLeftForNormalizeToSplit(_ n: String) throws {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\n\(n)FN:Ann Lee\r\nEMAIL:a@x.com\r\nEND:VCARD\r\n"
        let r = try #require(try VCardTestParsing.parse(text).record)
        #expect(r.fullName == "Ann Lee")
        #expect(r.firstName == nil && r.lastName == nil)
    }

    @Test func phoneIsPreferredElseCellElseFirst() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("TEL;TYPE=home:1", "TEL;TYPE=cell:2", "TEL;TYPE=work,pref:3")
            + Self.card("TEL;TYPE=home:1", "TEL;TYPE=cell:2")
            + Self.card("TEL;TYPE=home:1", "TEL;TYPE=work:2"))
        #expect(parsed.records.map(\.phone) == ["3", "2", "1"])
        #expect(parsed.records[0].extra == [KeyValue("TEL (home)", "1"), KeyValue("TEL (cell)", "2")])
    }

    /// Sweep 10 F21: a fax or pager number is the phone only when the card has no other,
    /// whatever its PREF; kept in `_extra` with its type or label.
    @Test func faxAndPagerNumbersAreNotThePhoneWhileAVoiceNumberExists() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("TEL;type=WORK;type=FAX;type=pref:+1 (408) 555-0199", "TEL;type=CELL;type=VOICE:+1 (408) 555-0101")
            + Self.card("item1.TEL;type=pref:+1 (408) 555-0177", "item1.X-ABLabel:_$!<HomeFAX>!$_", "TEL;type=CELL:+1 (408) 555-0102")
            + Self.card("TEL;TYPE=fax:1", "TEL;TYPE=pager,pref:2", "TEL;TYPE=work:3", "TEL;TYPE=home:4")
            + Self.card("TEL;TYPE=fax:1", "TEL;TYPE=pager;PREF=1:2")
            + Self.card("item2.TEL:5", "item2.X-ABLabel:Fax (office)", "TEL:6"))
        #expect(parsed.records.map(\.phone) == ["+1 (408) 555-0101", "+1 (408) 555-0102", "3", "2", "6"])
        #expect(parsed.records[0].extra == [KeyValue("TEL (work,fax)", "+1 (408) 555-0199")])
        #expect(parsed.records[1].extra == [KeyValue("TEL (HomeFAX)", "+1 (408) 555-0177")])
        #expect(parsed.records[2].extra == [KeyValue("TEL (fax)", "1"), KeyValue("TEL (pager)", "2"), KeyValue("TEL (home)", "4")])
        #expect(parsed.records[3].extra == [KeyValue("TEL (fax)", "1")])
        #expect(parsed.records[4].extra == [KeyValue("TEL (Fax (office))", "5")])
    }

    /// Sweep 10 F15: a Google card (one in `myContacts`) loses Google's system groups from its
    /// categories; another card's categories stay as written.
    @Test func googleSystemGroupsAreNotTags() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("EMAIL:al@bo.co", "CATEGORIES:myContacts,starred,Friends")
            + Self.card("EMAIL:cy@li.co", "CATEGORIES:starred,vip"))
        #expect(parsed.records.map(\.tags) == [["Friends"], ["starred", "vip"]])
        #expect(parsed.facts[key: "system_tags_dropped"]?.hasPrefix("2 ") == true)
    }

    @Test func telURIsLoseTheSchemeAndKeepTheExtension() throws {
        let r = try #require(try VCardTestParsing.parse(Self.card(
            "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-9254;ext=102", "TEL;VALUE=uri:tel:+1-418-262-6501")).record)
        #expect(r.phone == "+1-418-656-9254 ext. 102")
        #expect(r.extra[key: "TEL"] == "+1-418-262-6501")
    }

    @Test func organizationCategoriesAndExtras() throws {
        let r = try #require(try VCardTestParsing.parse(Self.card(
            "EMAIL:mailto:a@x.com", "ORG:Acme;R&D;Lab", "ORG:Second", "CATEGORIES:vip,Friends\\, close", "CATEGORIES:2026",
            "NOTE:hello", "BDAY:1990-01-02", "ADR;TYPE=work:;;1 Main St;Springfield;;12345;USA", "URL:https://x.example",
            "TITLE:Boss", "X-CUSTOM;VALUE=TEXT:kept", "PHOTO;VALUE=uri:data:image/png;base64,AAAA", "X-BLOB:data:image/png;base64,AAAA")).record)
        #expect(r.email == "a@x.com")
        #expect(r.customerAcctName == "Acme")
        #expect(r.tags == ["vip", "Friends, close", "2026"])
        #expect(r.extra == [
            KeyValue("ORG unit", "R&D; Lab"), KeyValue("ORG", "Second"), KeyValue("NOTE", "hello"), KeyValue("BDAY", "1990-01-02"),
            KeyValue("ADR (work)", "1 Main St, Springfield, 12345, USA"), KeyValue("URL", "https://x.example"),
            KeyValue("TITLE", "Boss"), KeyValue("X-CUSTOM", "kept"),
        ])
    }

    /// A blank EMAIL (an exporter's empty slot, `EMAIL;TYPE=INTERNET: `) is no address: it was
    /// taken as the card's email, normalize rejected the card as `email_missing`, and the real
    /// address after it sat in `_extra`.
    @Test func aBlankEmailIsNoAddress() throws {
        let parsed = try VCardTestParsing.parse(
            Self.card("EMAIL;TYPE=INTERNET: ", "EMAIL;TYPE=INTERNET:b@x.com")
            + Self.card("EMAIL;TYPE=pref:\t", "EMAIL:c@x.com")
            + Self.card("EMAIL:mailto:", "EMAIL:d@x.com")
            + Self.card("FN:Blank Only", "EMAIL: "))
        #expect(parsed.records.map(\.email) == ["b@x.com", "c@x.com", "d@x.com", nil])
        #expect(parsed.records.allSatisfy { $0.extra.isEmpty && $0.reject == nil })
        let all = try VCardTestParsing.parse(Self.card("EMAIL: ", "EMAIL:b@x.com"), allEmails: true)
        #expect(all.records.map(\.email) == ["b@x.com"])
    }

    @Test func cardWithoutEmailIsEmittedWithoutOne() throws {
        let r = try #require(try VCardTestParsing.parse(Self.card("FN:Only Name", "TEL:1")).record)
        #expect(r.email == nil)
        #expect(r.reject == nil)
        #expect(r.fullName == "Only Name")
    }

    @Test func provenanceIsCardNumberAndBeginLine() throws {
        let parsed = try VCardTestParsing.parse("BEGIN:VCARD\nEMAIL:a@x.com\nEND:VCARD\n\nbegin:vcard\nEMAIL:b@x.com\nend:vcard\n")
        #expect(parsed.records.map(\.source) == [
            Provenance(file: parsed.records[0].source.file, record: 1, line: 1),
            Provenance(file: parsed.records[0].source.file, record: 2, line: 5),
        ])
    }
}
