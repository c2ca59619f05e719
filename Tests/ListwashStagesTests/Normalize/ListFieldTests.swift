import ListwashCore
import Testing
@testable import ListwashStages

/// Email and phone fields that list several values, as Google Contacts (" ::: "), HubSpot
/// (';') and hand-made sheets (',') export them: the contact keeps the first valid value, the
/// others stay in `_extra`, and a note says so. Before, the whole contact was rejected.
struct ListFieldTests {
    @Test(arguments: [
        ("jane@x.com ::: jane.doe@work.com", ["jane@x.com", "jane.doe@work.com"]),
        ("ann@x.com;ann2@y.com", ["ann@x.com", "ann2@y.com"]),
        ("a@x.com, b@y.com ,c@z.org", ["a@x.com", "b@y.com", "c@z.org"]),
        ("jane(at)x.com ::: jane@x.com", ["jane(at)x.com", "jane@x.com"]),
        ("o@gmail.com;", ["o@gmail.com"]), ("o7@gmail.com ::: ", ["o7@gmail.com"]), (", a@x.com", ["a@x.com"]),
        ("a@x.com", nil), ("a@b@c.com", nil), ("a@x.com; not an address", nil), ("\"a,b\"@x.com", nil),
    ])
    func listsAreRecognized(value: String, parts: [String]?) {
        #expect(EmailList.parts(of: value) == parts)
    }

    @Test func theFirstValidAddressIsTheEmailAndTheRestAreKept() throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "not-valid@ ::: Jane@Example.com ::: j@work.com"))
        #expect(r.reject == nil)
        #expect(r.email == "jane@example.com")
        #expect(r.extra.first { $0.key == "other_emails" }?.value == "not-valid@; j@work.com")
        #expect(r.notes.map(\.code).contains("email_list_split"))
    }

    @Test func aListWithoutAValidAddressIsStillRejected() throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "a@ ::: b@"))
        #expect(r.reject?.code == .emailInvalid)
        #expect(r.extra.isEmpty)
    }

    @Test func googlePhoneListsKeepTheFirstValidNumber() throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "a@x.com", phone: "+1 415-555-0100 ::: +1 415-555-0199"), ["--phone-mode", "e164"])
        #expect(r.phone == "+14155550100")
        #expect(r.extra.first { $0.key == "other_phones" }?.value == "+1 415-555-0199")
        #expect(r.notes.map(\.code) == ["phone_list_split"])
    }

    @Test func aGoogleListWhoseFirstEntryIsNoAddressKeepsTheValidOne() throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "jane(at)x.com ::: jane@x.com"))
        #expect(r.reject == nil && r.email == "jane@x.com")
        #expect(r.extra.first { $0.key == "other_emails" }?.value == "jane(at)x.com")
    }

    @Test(arguments: [("EMAIL (work)", "real@x.com"), ("E-mail 2 Address", "ann.lee@acme.com"), ("E-mail 2 - Value", "a@b.org")])
    func anInvalidEmailFallsBackToAValidOneInAnotherEmailField(key: String, value: String) throws {
        var record = ContactRecord.fixture(email: "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ann")
        record.extra = [KeyValue("E-mail Type", "EX"), KeyValue(key, value)]
        let r = try normalizeOne(record)
        #expect(r.reject == nil)
        #expect(r.email == value)
        #expect(r.extra.map(\.key) == ["E-mail Type", "email (invalid)"])
        #expect(r.extra.last?.value == "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ann")
        #expect(r.notes.map(\.code) == ["email_from_other_field"])
        #expect(try normalizeOne(r) == r)
    }

    @Test func anInvalidEmailWithNoValidOneElsewhereIsStillRejected() throws {
        var record = ContactRecord.fixture(email: "not-an-email")
        record.extra = [KeyValue("E-mail Type", "SMTP"), KeyValue("E-mail 2 Address", "also bad"), KeyValue("Notes", "x@y.com")]
        let r = try normalizeOne(record)
        #expect(r.reject?.code == .emailInvalid)
        #expect(r.email == "not-an-email")
    }

    @Test func hubSpotPhoneListsKeepTheFirstValidNumberButAnExtensionIsNoList() throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "a@x.com", phone: "+1 415 555 0100; +1 415 555 0199"), ["--phone-mode", "e164"])
        #expect(r.phone == "+14155550100")
        #expect(r.extra.first { $0.key == "other_phones" }?.value == "+1 415 555 0199")
        let ext = try normalizeOne(ContactRecord.fixture(email: "a@x.com", phone: "+1 415 555 0100;ext=2"), ["--phone-mode", "e164"])
        #expect(ext.extra.isEmpty)
        #expect(!ext.notes.map(\.code).contains("phone_list_split"))
    }

    /// Hand-made sheets list numbers with ',' (or ' / ') as they list addresses: two valid
    /// numbers make a list; a dial string's pause (',,123') or '030/1234567' stays one number.
    @Test(arguments: [("+1 415 555 0100, +1 415 555 0199", "+1 415 555 0199"), ("(415) 555-0100,(415) 555-0199", "(415) 555-0199"),
                      ("+1 415 555 0100 / +1 415 555 0199", "+1 415 555 0199")])
    func commaAndSlashPhoneListsKeepTheFirstValidNumber(raw: String, other: String) throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "a@x.com", phone: raw), ["--phone-mode", "e164"])
        #expect(r.phone == "+14155550100")
        #expect(r.extra.first { $0.key == "other_phones" }?.value == other)
        #expect(r.notes.map(\.code) == ["phone_list_split"])
        let pause = try normalizeOne(ContactRecord.fixture(email: "a@x.com", phone: "+1 415 555 0100,,123"), ["--phone-mode", "e164"])
        #expect(!pause.notes.map(\.code).contains("phone_list_split"))
        let german = try normalizeOne(ContactRecord.fixture(email: "a@x.com", phone: "030 / 1234567"), ["--phone-mode", "e164", "--default-region", "DE"])
        #expect(german.phone == "+49301234567")
    }

    @Test func oneAddressWithAStraySeparatorIsKept() throws {
        let r = try normalizeOne(ContactRecord.fixture(email: "O@gmail.com;"))
        #expect(r.reject == nil && r.email == "o@gmail.com")
        #expect(r.extra.isEmpty)
        #expect(r.notes.map(\.code) == ["email_list_split"])
        #expect(try normalizeOne(r) == r)
    }

    @Test(arguments: ["SMTP:bob@contoso.com", "smtp:Bob@contoso.com", "mailto:bob@contoso.com", " MAILTO:bob@contoso.com"])
    func aRoutingOrLinkPrefixIsNoPartOfTheAddress(_ raw: String) throws {
        let r = try normalizeOne(ContactRecord.fixture(email: raw))
        #expect(r.reject == nil && r.email == "bob@contoso.com")
        #expect(r.notes.map(\.code) == ["email_prefix_removed"])
        #expect(try normalizeOne(r) == r)
    }
}
