import Testing
@testable import ListwashCore

/// ``ContactRecord/prefetchBox()`` and ``ContactRecord/prefetchValues()``: asking for a record's
/// memory ahead (`listwash run`) only reads it. The record keeps its value, its box (no copy
/// on write) and the marks the reading thread left, which a write through the record's own
/// properties would clear, for every form a string value takes.
@Suite struct RecordPrefetchTests {
    static let source = Provenance(file: "a.csv", record: 1, line: 2)

    /// Absent, small (inline), literal (immortal), native heap, non-ASCII and bridged-from-
    /// substring values.
    static func records() -> [ContactRecord] {
        let long = String(repeating: "ä", count: 40)
        let sliced = String("x-\(long)-y".dropFirst(2))
        return [
            ContactRecord(source: source),
            ContactRecord(email: "a@b.co", firstName: "Ann", source: source),
            ContactRecord(email: "a.literal.address.longer.than.fifteen@example.com", lastName: "a literal name over fifteen bytes", source: source),
            ContactRecord(email: "user\(Int.random(in: 1000...9999))@example-of-a-long-domain.com", firstName: long,
                          lastName: sliced, phone: "+1 555 0100 extension 12345", customerAcctName: long + " GmbH", source: source),
        ]
    }

    @Test(arguments: records())
    func prefetchingChangesNothing(_ record: ContactRecord) {
        var r = record
        r.markCleared(by: 7)
        r.markKey(9, hi: 1, lo: 2)
        let before = r
        r.prefetchBox()
        r.prefetchValues()
        #expect(r == before && r.jsonLine == before.jsonLine)
        #expect(r.storage === before.storage)
        #expect(r.exclusionClearance == 7)
        #expect(r.premarkedKey(9).map { $0 == (hi: 1, lo: 2) } == true)
    }
}
