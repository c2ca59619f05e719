import ListwashCore

/// The groups of duplicates `merge: last` and `merge: most_complete` hold until the end of input,
/// when each group's survivor is known (and so the `into` of its duplicates' rejects).
///
/// In memory, per unique key: the record winning so far, the union of the group's tags and lists,
/// and the sources of its members (what the survivor's `_merged` will list). Every record that
/// stops winning, or never wins, waits in a ``SurvivorSpill`` (a temporary file) with its group's
/// number (4 bytes in memory), and comes back as its `duplicate_merged` reject after the
/// survivors. Holding the groups whole kept every duplicate in memory: 300,000 copies of one
/// address took 260 MB against 113 MB for 300,000 different ones.
struct HeldGroups {
    struct Group {
        /// The record winning so far, as it came.
        var winner: ContactRecord
        var winnerScore: Int
        /// The group's tags and lists in input order, from its first record on.
        var lists: DeferredSurvivors.Lists
        /// Every member's `_src` and the `_merged` it carried, in input order.
        var sources: [Provenance]
        /// The winner's part of ``sources``.
        var winnerSources: Range<Int>
        var count: Int
    }

    let policy: MergePolicy
    private(set) var groups: [Group] = []
    private let spill: SurvivorSpill
    /// The group of each spilled record, in spill order.
    private var spilledGroups: [UInt32] = []
    private var replayed = 0

    init(policy: MergePolicy, directory: String) {
        self.policy = policy
        spill = SurvivorSpill(directory: directory)
    }

    /// Why duplicates are held in memory rather than in the temporary file, if any are.
    var spillFailure: String? { spilledGroups.isEmpty ? nil : spill.failure }

    /// Starts a group with its first record; returns the group's number.
    mutating func start(_ record: ContactRecord) -> UInt32 {
        var lists = DeferredSurvivors.Lists()
        lists.add(record)
        let sources = [record.source] + record.merged
        groups.append(Group(winner: record, winnerScore: RecordMerge.completeness(record), lists: lists,
                            sources: sources, winnerSources: 0..<sources.count, count: 1))
        return UInt32(truncatingIfNeeded: groups.count - 1)
    }

    /// Adds a later record of group `g`: it wins under `last`, and under `most_complete` when it
    /// has more values than the winner so far (ties go to the earliest); the other one waits.
    mutating func add(_ record: ContactRecord, to g: UInt32) {
        let i = Int(g)
        groups[i].count += 1
        groups[i].lists.add(record)
        let start = groups[i].sources.count
        groups[i].sources.append(record.source)
        groups[i].sources.append(contentsOf: record.merged)
        let score = policy == .mostComplete ? RecordMerge.completeness(record) : 0
        if policy == .last || score > groups[i].winnerScore {
            spill.append(groups[i].winner, flag: false)
            groups[i].winner = record
            groups[i].winnerScore = score
            groups[i].winnerSources = start..<groups[i].sources.count
        } else {
            spill.append(record, flag: false)
        }
        spilledGroups.append(g)
    }

    /// The survivor of group `g`: its winner with the group's tags and lists, and `_merged`
    /// listing the winner's own `_merged`, then every other member's sources in input order.
    func survivor(_ g: Int) -> ContactRecord {
        let group = groups[g]
        guard group.count > 1 else { return group.winner }
        var survivor = group.winner
        survivor.tags = group.lists.tags
        survivor.subscribe = group.lists.subscribe
        survivor.unsubscribe = group.lists.unsubscribe
        var merged = survivor.merged
        merged.append(contentsOf: group.sources[..<group.winnerSources.lowerBound])
        merged.append(contentsOf: group.sources[group.winnerSources.upperBound...])
        survivor.merged = merged
        return survivor
    }

    /// Up to `limit` of the records that lost, in the order they stopped winning, each with its
    /// group's number; empty once all came back.
    mutating func losers(upTo limit: Int, stage: String) -> [(record: ContactRecord, group: Int)] {
        var out: [(record: ContactRecord, group: Int)] = []
        while out.count < limit, replayed < spilledGroups.count, let r = spill.next(stage: stage) {
            out.append((r.record, Int(spilledGroups[replayed])))
            replayed += 1
        }
        return out
    }
}
