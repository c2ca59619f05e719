import ListwashCore

/// `merge: first` with `union` on: the survivors wait in a ``SurvivorSpill`` (a temporary file)
/// until the end of input, and only what later duplicates add to them is kept in memory, so tags
/// and lists are unioned as in every other policy while memory grows with unique contacts, not
/// with the records.
///
/// Survivors are numbered in input order (their ordinal, kept in the ``SurvivorIndex`` entry).
/// A duplicate adds its tags, `subscribe`, `unsubscribe` and provenance to a sparse map entry of
/// its survivor's ordinal; survivors no duplicate reached cost nothing here. At the end the spill
/// is replayed in input order and each survivor gets its additions, in the order
/// ``RecordMerge/absorb(_:into:)`` would have given them.
struct DeferredSurvivors {
    /// What the duplicates of one survivor add to it.
    struct Additions {
        var tags: [String] = []
        var subscribe: [Int] = []
        var unsubscribe: [Int] = []
        /// The `_src` of each folded record, then the `_merged` it carried, in arrival order.
        var merged: [SurvivorIndex.PackedSource] = []

        /// Adds what `r` brings, in place (no copy of the map entry).
        mutating func add(_ r: ContactRecord, source: SurvivorIndex.PackedSource) {
            for t in r.tags where !tags.contains(t) { tags.append(t) }
            for l in r.subscribe where !subscribe.contains(l) { subscribe.append(l) }
            for l in r.unsubscribe where !unsubscribe.contains(l) { unsubscribe.append(l) }
            merged.append(source)
        }
    }

    private let spill: SurvivorSpill
    private var additions: [UInt32: Additions] = [:]
    /// The ordinal the next survivor gets.
    private(set) var nextOrdinal: UInt32 = 0

    init(directory: String) { spill = SurvivorSpill(directory: directory) }

    /// Why survivors are held in memory rather than in the temporary file, if they are.
    var spillFailure: String? { spill.failure }

    /// Holds a survivor (it gets ``nextOrdinal``), or a record without key (`keyed` false).
    mutating func hold(_ record: ContactRecord, keyed: Bool) {
        spill.append(record, flag: keyed)
        if keyed { nextOrdinal += 1 }
    }

    /// Folds duplicate `r` into the survivor numbered `ordinal`.
    mutating func absorb(_ r: ContactRecord, into ordinal: UInt32, index: inout SurvivorIndex) {
        let source = index.pack(r.source)
        additions[ordinal, default: Additions()].add(r, source: source)
        for p in r.merged { additions[ordinal, default: Additions()].merged.append(index.pack(p)) }
    }

    /// The ordinal of the next survivor to come back.
    private var released: UInt32 = 0

    /// Emits up to `limit` held records, in input order, survivors with their additions
    /// applied; returns whether more remain. The first call ends holding.
    mutating func release(upTo limit: Int, stage: String, index: SurvivorIndex, to emit: (ContactRecord) -> Void) -> Bool {
        for _ in 0..<limit {
            guard let (record, keyed) = spill.next(stage: stage) else { return false }
            guard keyed else { emit(record); continue }
            let ordinal = released
            released += 1
            guard let a = additions.removeValue(forKey: ordinal) else { emit(record); continue }
            var survivor = record
            for t in a.tags where !survivor.tags.contains(t) { survivor.tags.append(t) }
            for l in a.subscribe where !survivor.subscribe.contains(l) { survivor.subscribe.append(l) }
            for l in a.unsubscribe where !survivor.unsubscribe.contains(l) { survivor.unsubscribe.append(l) }
            survivor.merged.append(contentsOf: a.merged.map(index.unpack))
            emit(survivor)
        }
        return true
    }
}
