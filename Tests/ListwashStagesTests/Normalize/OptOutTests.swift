import ListwashCore
import ListwashTestSupport
import Testing
@testable import ListwashStages

/// Contacts an export marks as unsubscribed or opted out are not imported as if they had
/// consented: rejected (`opted_out`) by default, kept with a note when told to.
struct OptOutTests {
    static func record(_ extra: [(String, String)]) -> ContactRecord {
        var r = ContactRecord.fixture(email: "gone@example.org")
        r.extra = extra.map { KeyValue($0.0, $0.1) }
        return r
    }

    @Test(arguments: [
        ("UNSUB_TIME", "2024-03-01 10:00:00"), ("CLEAN_TIME", "2024-03-01"), ("Accepts Email Marketing", "no"),
        ("HasOptedOutOfEmail", "1"), ("Email Opt Out", "true"), ("Unsubscribed from all email", "Yes"),
    ])
    func optedOutContactsAreRejected(key: String, value: String) throws {
        let r = try normalizeOne(Self.record([(key, value)]))
        #expect(r.reject?.code == .optedOut)
        #expect(r.reject?.reason.contains("'\(key)': '\(value)'") == true)
    }

    /// Mailchimp's "cleaned" export lists addresses it stopped sending to after they bounced:
    /// still left out, but not said to have opted out (the contact did nothing of the kind).
    @Test func aCleanedAddressIsSaidToHaveBouncedNotToHaveOptedOut() throws {
        let r = try normalizeOne(Self.record([("CLEAN_TIME", "2024-03-01 10:00:00")]))
        #expect(r.reject?.code == .optedOut)
        #expect(r.reject?.reason == "the export marks the address as cleaned: Mailchimp stopped sending to it after it bounced ('CLEAN_TIME': '2024-03-01 10:00:00')")
        let unsub = try normalizeOne(Self.record([("UNSUB_TIME", "2024-03-01")]))
        #expect(unsub.reject?.reason == "the export marks the contact as opted out of email ('UNSUB_TIME': '2024-03-01')")
    }

    @Test(arguments: [("UNSUB_TIME", ""), ("Accepts Email Marketing", "yes"), ("HasOptedOutOfEmail", "0"), ("Notes", "unsubscribed")])
    func consentingContactsPass(key: String, value: String) throws {
        let r = try normalizeOne(Self.record([(key, value)]))
        #expect(r.reject == nil)
    }

    @Test func keepImportsThemWithANote() throws {
        let r = try normalizeOne(Self.record([("UNSUB_TIME", "2024-03-01")]), ["--opted-out", "keep"])
        #expect(r.reject == nil)
        #expect(r.notes.map(\.code) == ["opted_out_kept"])
        #expect(try normalizeOne(r, ["--opted-out", "keep"]) == r)
    }
}
