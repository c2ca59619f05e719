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
}
