import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashParsers

/// One tiny export per preset (header as the service writes it, one contact): the preset is
/// chosen from the header and picks the right columns.
struct CSVPresetFixtureTests {
    struct Case: Sendable, CustomStringConvertible {
        var file: String, mapping: String, email: String, first: String?, last: String?, company: String?, phone: String?, tags: [String]
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "google-contacts.csv", mapping: "google-contacts (auto)", email: "ada@example.org", first: "Ada", last: "Lovelace",
             company: "Analytical Engines", phone: "+44 20 7946 0000", tags: ["Friends"]),
        Case(file: "outlook.csv", mapping: "outlook (auto)", email: "grace@example.org", first: "Grace", last: "Hopper",
             company: "US Navy", phone: "+1 202 555 0100", tags: ["VIP", "Speakers"]),
        Case(file: "hubspot.csv", mapping: "hubspot (auto)", email: "alan@example.org", first: "Alan", last: "Turing",
             company: "Bletchley", phone: "+44 161 555 0101", tags: []),
        Case(file: "mailchimp.csv", mapping: "mailchimp (auto)", email: "kat@example.org", first: "Katherine", last: "Johnson",
             company: nil, phone: "555-0102", tags: ["nasa", "math"]),
        Case(file: "shopify.csv", mapping: "shopify (auto)", email: "hedy@example.org", first: "Hedy", last: "Lamarr",
             company: "Inventions Inc", phone: "+43 1 555 0103", tags: ["film", " radio"]),
        Case(file: "linkedin.csv", mapping: "linkedin (auto)", email: "tim@example.org", first: "Tim", last: "Berners-Lee",
             company: "W3C", phone: nil, tags: []),
        Case(file: "salesforce.csv", mapping: "salesforce (auto)", email: "barbara@example.org", first: "Barbara", last: "Liskov",
             company: "MIT", phone: "+1 617 555 0104", tags: []),
        Case(file: "generic.csv", mapping: "generic (auto)", email: "  ann@example.org", first: "Ann ", last: "Lee",
             company: "Acme, Inc.", phone: "+1 555 0105", tags: ["vip", "news"]),
    ]

    @Test(arguments: cases)
    func presetIsChosenAndPicksTheColumns(_ c: Case) throws {
        var source = try CSVSource(path: PackagePaths.fixture("ListwashParsersTests", "csv/\(c.file)"), settings: ParseSettings())
        let r = try #require(try source.next())
        #expect(source.facts[key: "mapping"] == c.mapping)
        #expect(r.reject == nil)
        #expect(r.email == c.email)
        #expect(r.firstName == c.first)
        #expect(r.lastName == c.last)
        #expect(r.customerAcctName == c.company)
        #expect(r.phone == c.phone)
        #expect(r.tags == c.tags)
    }

    /// Sweep 10 F15: Google's own groups (`* myContacts`, `* starred`) are not tags; its other
    /// groups lose the `* ` marker; the user's labels stay as written (even one named starred).
    @Test func googleSystemGroupsAreNotTags() throws {
        let text = "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
            + "Jane,Doe,* myContacts ::: * starred ::: Friends,* Work,jane@acme.co\n"
            + "Bob,Ng,* myContacts,* Home,bob@ng.co\n"
            + "Cy,Li,* My Contacts ::: * friends ::: starred ::: * ,,cy@li.co\n"
        let (records, facts) = try parseCSV(text)
        #expect(facts[key: "mapping"] == "google-contacts (auto)")
        #expect(records.map(\.tags) == [["Friends"], [], ["friends", "starred"]])
        #expect(facts[key: "system_tags_dropped"]?.hasPrefix("4 ") == true)
        // Another preset's tags are untouched.
        let (other, otherFacts) = try parseCSV("Email,Tags\na@x.co,* myContacts;vip\n")
        #expect(other[0].tags == ["* myContacts", "vip"])
        #expect(otherFacts[key: "system_tags_dropped"] == nil)
    }

    @Test func googleSecondEmailWinsWhenTheFirstIsEmpty() throws {
        var source = try CSVSource(path: PackagePaths.fixture("ListwashParsersTests", "csv/google-contacts.csv"), settings: ParseSettings())
        let r = try #require(try source.next())
        #expect(r.email == "ada@example.org")
        #expect(r.extra[key: "E-mail 2 - Value"] == nil)
        #expect(r.extra[key: "E-mail 2 - Label"] == "Work")
    }

    @Test func outlookLaterEmailsStayInExtra() throws {
        var source = try CSVSource(path: PackagePaths.fixture("ListwashParsersTests", "csv/outlook.csv"), settings: ParseSettings())
        let r = try #require(try source.next())
        #expect(r.extra[key: "E-mail 2 Address"] == "grace.h@example.net")
        #expect(source.facts[key: "line_endings"] == "CRLF")
    }
}
