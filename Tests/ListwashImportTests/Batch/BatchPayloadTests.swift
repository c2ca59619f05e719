import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// The request documents byte for byte: contact key order, omitted empties, run-level settings.
struct BatchPayloadTests {
    @Test func contactsHaveTheContractKeysInOrderAndOmitEmptyValues() throws {
        var full = ContactRecord.fixture(email: "jose@example.org", firstName: "José", lastName: "García", phone: "+34 600 123 456",
                                         company: "Acme, \"Inc.\"", tags: ["vip", "", "news"], record: 1)
        full.fields = [KeyValue("12", "gold"), KeyValue("13", "||a||b||"), KeyValue("14", "")]
        full.subscribe = [3, 3]
        full.unsubscribe = [4]
        full.extra = [KeyValue("Birthday", "1990-01-01")]
        full.notes = [Note(code: "phone_invalid", message: "kept as written")]
        let bare = ContactRecord.fixture(email: "kim@example.com", firstName: "", lastName: nil, phone: "", record: 2)
        let run = try BatchRun([full, bare])
        defer { run.remove() }
        #expect(try run.text("batch-00001.json") == """
            {"contacts":[{"email":"jose@example.org","first_name":"José","last_name":"García","phone":"+34 600 123 456",\
            "customer_acct_name":"Acme, \\"Inc.\\"","tags":["vip","news"],"fields":[{"id":12,"value":"gold"},{"id":13,"value":"||a||b||"}],\
            "subscribe":[{"listid":3}],"unsubscribe":[{"listid":4}]},{"email":"kim@example.com","tags":[]}]}
            """)
    }

    @Test func runLevelTagsListsAndExcludeAutomationsGoIntoEveryContact() throws {
        var own = ContactRecord.fixture(email: "a@example.com", tags: ["vip"], record: 1)
        own.subscribe = [7]
        own.unsubscribe = [3]
        let run = try BatchRun([own, .fixture(email: "b@example.com", record: 2)],
                               ["--tag", "spring", "--tag", "vip", "--subscribe", "3", "--subscribe", "7", "--exclude-automations"])
        defer { run.remove() }
        #expect(try run.text("batch-00001.json") == """
            {"contacts":[{"email":"a@example.com","tags":["vip","spring"],"subscribe":[{"listid":7}],"unsubscribe":[{"listid":3}],"exclude_automations":true},\
            {"email":"b@example.com","tags":["spring","vip"],"subscribe":[{"listid":3},{"listid":7}],"exclude_automations":true}],\
            "exclude_automations":true}
            """)
    }

    /// Past 16 list ids the repeats are found through a set (a record listing 200,000 lists
    /// took 14 s), with the same result as for a few.
    @Test func manyListsAreWrittenOnceEachAsFewAre() throws {
        var own = ContactRecord.fixture(email: "a@example.com", record: 1)
        own.subscribe = Array(1...20) + [5, 20]
        own.unsubscribe = [21]
        let run = try BatchRun([own], ["--subscribe", "3", "--subscribe", "21", "--subscribe", "22", "--subscribe", "22"])
        defer { run.remove() }
        let lists = (Array(1...20) + [22]).map { "{\"listid\":\($0)}" }.joined(separator: ",")
        #expect(try run.text("batch-00001.json") == """
            {"contacts":[{"email":"a@example.com","tags":[],"subscribe":[\(lists)],"unsubscribe":[{"listid":21}]}]}
            """)
    }

    @Test func theCallbackIsWrittenAtRequestLevelAndItsHeaderValuesStayOutOfTheManifest() throws {
        let run = try BatchRun(contacts(1), [
            "--callback", "https://hooks.example.com/ac", "--callback-detailed-results",
            "--callback-param", "run=42", "--callback-header", "X-Token=s3cret",
        ])
        defer { run.remove() }
        #expect(try run.text("batch-00001.json") == """
            {"contacts":[{"email":"c0@example.com","tags":[]}],"callback":{"url":"https://hooks.example.com/ac","requestType":"POST",\
            "detailed_results":"true","params":[{"key":"run","value":"42"}],"headers":[{"key":"X-Token","value":"s3cret"}]}}
            """)
        let manifest = try run.text("manifest.json")
        #expect(!manifest.contains("s3cret"))
        #expect(manifest.contains(#""header_names":["X-Token"]"#))
    }

    @Test func theByteBudgetCountsTheRequestLevelKeys() throws {
        // With a callback the envelope is larger, so fewer fat contacts fit in a request.
        let fat = (0..<200).map { ContactRecord.fixture(email: "f\($0)@example.com", firstName: String(repeating: "y", count: 4_000), record: $0 + 1) }
        let plain = try BatchRun(fat)
        defer { plain.remove() }
        let withCallback = try BatchRun(fat, ["--exclude-automations", "--callback", "https://h.example.com/" + String(repeating: "p", count: 3_000)])
        defer { withCallback.remove() }
        #expect(try sizes(plain)[0] > sizes(withCallback)[0])
        for e in plain.plan.batches + withCallback.plan.batches { #expect(e.bytes <= 399_999) }
    }

    @Test func aFieldNamedByTextRatherThanAnIDIsRejected() throws {
        var r = ContactRecord.fixture(email: "a@example.com", record: 1)
        r.fields = [KeyValue("Birthday", "1990-01-01")]
        let run = try BatchRun([r] + contacts(1))
        defer { run.remove() }
        #expect(run.ledger.rejected == [.fieldIDInvalid: 1])
        #expect(try run.rejects().first?.reject?.reason.contains("'Birthday'") == true)
        #expect(try run.emails() == ["c0@example.com"])
    }

    @Test func nonASCIIAndControlCharactersAreEscapedOnlyWhereJSONNeedsIt() throws {
        let r = ContactRecord.fixture(email: "李.wang@example.cn", firstName: "Tab\there", lastName: "Quote\"Back\\slash", record: 1)
        let run = try BatchRun([r])
        defer { run.remove() }
        let text = try run.text("batch-00001.json")
        #expect(text.contains(#""email":"李.wang@example.cn""#))
        #expect(text.contains(#""first_name":"Tab\there""#))
        #expect(text.contains(#""last_name":"Quote\"Back\\slash""#))
        let contact = try #require(try run.batches().first?.first)
        #expect(contact["last_name"] as? String == "Quote\"Back\\slash")
    }
}
