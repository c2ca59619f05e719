import Testing
import ListwashCore
@testable import ListwashPipeline

/// ``RecordHandoff``: the queue between `listwash run`'s threads, and the backlog the threads
/// use to decide which of them looks emails up and frees records.
struct RecordHandoffTests {
    static func chunk(_ emails: [String]) -> [ContactRecord] {
        emails.enumerated().map { i, email in
            ContactRecord(source: Provenance(file: "in.csv", record: i + 1, line: i + 2), email: email, firstName: nil,
                          lastName: nil, phone: nil, customerAcctName: nil, tags: [])
        }
    }

    @Test func theBacklogIsWhatWaitsForTheConsumer() {
        let handoff = RecordHandoff(capacity: 4, chunkCapacity: 8)
        #expect(!handoff.isBacklogged)
        handoff.put(.records(Self.chunk(["a@x.com"])))
        handoff.put(.records(Self.chunk(["b@x.com"])))
        #expect(handoff.isBacklogged)
        guard case .records(let first) = handoff.take() else { Issue.record("records expected"); return }
        #expect(first.map(\.email) == ["a@x.com"])
        #expect(handoff.isBacklogged)
        guard case .records(let second) = handoff.take() else { Issue.record("records expected"); return }
        #expect(second.map(\.email) == ["b@x.com"])
        #expect(!handoff.isBacklogged)
    }

    /// A chunk handed back comes out of ``RecordHandoff/emptyChunk()`` empty, with its room,
    /// whether the consumer emptied it (nothing waited) or left that to the producer.
    @Test func aRecycledChunkComesBackEmptyEitherWay() {
        let handoff = RecordHandoff(capacity: 4, chunkCapacity: 8)
        for _ in 0..<2 {
            var filled = handoff.emptyChunk()
            filled.append(contentsOf: Self.chunk(["a@x.com", "b@x.com", "c@x.com"]))
            handoff.put(.records(filled))
        }
        guard case .records(let first) = handoff.take() else { Issue.record("records expected"); return }
        handoff.recycle(first)  // a chunk still waits: handed back whole
        guard case .records(let second) = handoff.take() else { Issue.record("records expected"); return }
        handoff.recycle(second)  // nothing waits: emptied here
        for _ in 0..<2 {
            let spare = handoff.emptyChunk()
            #expect(spare.isEmpty)
            #expect(spare.capacity >= 8)
        }
    }
}
