import ListwashCore
import ListwashTestSupport
import Testing
@testable import ListwashStages

/// A group's tag union grows by each duplicate's own tags: ``FoldedTagSet`` keeps the folded
/// union once it passes its threshold, instead of rebuilding it on every duplicate (quadratic:
/// one address on 20,000 rows, each with its own tag, took 12 s in `dedupe`).
struct TagUnionScaleTests {
    /// The set gives exactly the union `RecordMerge.addTags` gives, below and past its
    /// threshold, with tags differing only in case.
    @Test func theSetUnionsAsAddTagsDoes() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<200 {
            var viaSet: [String] = [], plain: [String] = []
            var set = FoldedTagSet()
            for _ in 0..<Int(rng.next() % 12) {
                let more = (0..<Int(rng.next() % 6)).map { _ in
                    let base = "t\(rng.next() % 40)"
                    return rng.next() % 3 == 0 ? base.uppercased() : base
                }
                set.add(more, to: &viaSet)
                RecordMerge.addTags(more, to: &plain)
                #expect(viaSet == plain)
            }
        }
    }

    /// Through the stage, under every union policy: all 3,000 tags of one address's 3,000
    /// rows reach its survivor, in input order, each once.
    @Test(arguments: ["first", "coalesce", "last", "most_complete"])
    func manyDuplicatesWithTheirOwnTagsAllReachTheSurvivor(policy: String) throws {
        let stage = try dedupe([("merge", .scalar(policy))])
        let records = (1...3_000).map { ContactRecord.fixture(email: "a@x.com", tags: ["t\($0)", $0 % 2 == 0 ? "T\($0 - 1)" : "shared"], record: $0) }
        let (out, _) = runStage(stage, records)
        let survivors = out.filter { !$0.isRejected }
        #expect(survivors.count == 1)
        #expect(survivors.first?.tags == ["t1", "shared"] + (2...3_000).map { "t\($0)" })
        #expect(out.count == 3_000)
    }
}
