import Testing
@testable import ListwashCore

/// The lists a run-level subscription leaves out: the batch writer and the audit share this rule.
@Suite struct BlockedListsTests {
    let source = Provenance(file: "a.csv", record: 1, line: 2)

    @Test func aPlainRecordBlocksNothing() {
        #expect(ContactRecord(email: "a@x.com", source: source).blockedLists.isEmpty)
    }

    @Test func unsubscribesAndListScopedExclusionsBlock() {
        let r = ContactRecord(email: "a@x.com", unsubscribe: [4], source: source,
                              notes: [Note(code: "excluded_from_lists", field: "subscribe", message: "on list 7's exclusions", lists: [7, 8]),
                                      Note(code: "phone_invalid", message: "not a number", lists: [9])])
        #expect(r.blockedLists == [4, 7, 8])
    }
}
