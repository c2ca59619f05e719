import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

/// ``DedupeKeyMarker``: a key fingerprinted ahead (on another thread in `listwash run`) is taken
/// by the stage instead of folding the key again, and only while it still describes the record.
struct DedupeKeyMarkerTests {
    static let emails = ["jane@example.com", " JANE@example.com", "bob@example.com", "Bob@Example.COM\t", "", "ann@x.org",
                         "jane@example.com", "ann@x.org ", "zoë@exämple.de", "ZOË@EXÄMPLE.DE"]

    static func records() -> [ContactRecord] {
        emails.enumerated().map { i, e in .fixture(email: e, firstName: i % 3 == 0 ? nil : "N\(i)", record: i + 1) }
    }

    /// The same decisions, for every policy and key, whether the records were marked or not.
    @Test(arguments: ["first", "coalesce", "last", "most_complete"], [["email"], ["email", "first_name"], ["first_name"]])
    func markedRecordsAreDecidedAsUnmarkedOnes(_ merge: String, _ key: [String]) throws {
        let settings: [(String, SettingNode)] = [("merge", .scalar(merge)), ("key", listNode(key)), ("union", .scalar("false"))]
        let plain = runStage(try dedupe(settings), Self.records())
        let stage = try dedupe(settings)
        var marker = stage.keyMarker
        var marked = Self.records()
        for i in marked.indices { marker.mark(&marked[i]) }
        #expect(marked.filter { $0.premarkedKey(marker.id) != nil }.count == (key == ["first_name"] ? 6 : 9))
        let ahead = runStage(stage, marked)
        #expect(ahead.out == plain.out)
        #expect(ahead.out.map(\.source) == plain.out.map(\.source))
        #expect(ahead.ledger == plain.ledger)
    }

    /// Reading the index ahead (``DedupeStage/prefetch(_:)``, what `listwash run` does a few
    /// records ahead) decides nothing: the same output and ledger as without it, whether the
    /// records are marked, unmarked or marked by another stage.
    @Test(arguments: ["first", "coalesce", "last", "most_complete"])
    func readingTheIndexAheadDecidesNothing(_ merge: String) throws {
        let settings: [(String, SettingNode)] = [("merge", .scalar(merge)), ("union", .scalar("false"))]
        let plain = runStage(try dedupe(settings), Self.records())
        var stage = try dedupe(settings)
        var marker = stage.keyMarker
        var marked = Self.records()
        for i in marked.indices { marker.mark(&marked[i]) }
        var foreign = Self.records()
        var other = try dedupe(settings).keyMarker
        for i in foreign.indices { other.mark(&foreign[i]) }
        for r in Self.records() + foreign + marked + marked { stage.prefetch(r) }
        let ahead = runStage(stage, marked)
        #expect(ahead.out == plain.out)
        #expect(ahead.out.map(\.source) == plain.out.map(\.source))
        #expect(ahead.ledger == plain.ledger)
    }

    /// A record changed after it was marked is keyed by its new value, not by the mark.
    @Test func aRecordChangedAfterItsMarkIsKeyedByItsNewValue() throws {
        let stage = try dedupe([("union", .scalar("false"))])
        var marker = stage.keyMarker
        var changed = ContactRecord.fixture(email: "first@example.com", record: 2)
        marker.mark(&changed)
        changed.email = "second@example.com"
        let out = runStage(stage, [.fixture(email: "first@example.com", record: 1), changed]).out
        #expect(out.count == 2 && out.allSatisfy { $0.reject == nil })
    }

    /// A mark left by another stage (another hash key) is not taken.
    @Test func anotherStagesMarkIsIgnored() throws {
        let stage = try dedupe([("union", .scalar("false"))])
        var other = try dedupe([("union", .scalar("false"))]).keyMarker
        var a = ContactRecord.fixture(email: "a@example.com", record: 1)
        var b = ContactRecord.fixture(email: "b@example.com", record: 2)
        // Marks that would make the two one contact, were they taken.
        a.markKey(UInt32.max, hi: 7, lo: 7)
        b.markKey(UInt32.max, hi: 7, lo: 7)
        other.mark(&a)
        let out = runStage(stage, [a, b]).out
        #expect(out.count == 2 && out.allSatisfy { $0.reject == nil })
    }

    /// The stage takes the mark as it is: a fingerprint of another record's key, left by hand
    /// under the marker's mark, makes the two one contact (so the marks are really used).
    @Test func theStageTakesTheMarkAsItIs() throws {
        let stage = try dedupe([("union", .scalar("false"))])
        var marker = stage.keyMarker
        var a = ContactRecord.fixture(email: " A@Example.com", record: 1)
        marker.mark(&a)
        let f = try #require(a.premarkedKey(marker.id))
        #expect(a.premarkedKey(0) == nil)
        var b = ContactRecord.fixture(email: "b@example.com", record: 2)
        b.markKey(marker.id, hi: f.hi, lo: f.lo)
        let out = runStage(stage, [.fixture(email: "a@example.com", record: 1), b]).out
        #expect(out.map { $0.reject?.code } == [nil, .duplicateMerged])
    }
}
