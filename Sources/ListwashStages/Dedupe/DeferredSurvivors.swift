import ListwashCore

/// `merge: first` with `union` on: the survivors wait in a ``SurvivorSpill`` (a temporary file)
/// until the end of input, and only what later duplicates add to them is kept in memory, so tags
/// and lists are unioned as in every other policy while memory grows with unique contacts, not
/// with the records.
///
/// Survivors are numbered in input order (their ordinal, kept in the ``SurvivorIndex`` entry).
/// A duplicate appends its provenance (12 bytes, packed by the index) to a chain of its
/// survivor, and its tags and lists, if it has any, to a list entry of that survivor; a sparse
/// map from ordinal holds where each chain starts and ends. Survivors no duplicate reached cost
/// nothing here. At the end the spill is replayed in input order and each survivor gets its
/// additions, in the order ``RecordMerge/absorb(_:into:)`` would have given them.
struct DeferredSurvivors {
    /// The tags and lists the duplicates of one survivor add.
    struct Lists {
        var tags: [String] = []
        var subscribe: [Int] = []
        var unsubscribe: [Int] = []
        private var tagSet = FoldedTagSet()

        mutating func add(_ r: ContactRecord) {
            tagSet.add(r.tags, to: &tags)
            for l in r.subscribe where !subscribe.contains(l) { subscribe.append(l) }
            for l in r.unsubscribe where !unsubscribe.contains(l) { unsubscribe.append(l) }
        }
    }

    /// One survivor's additions: its chain of folded sources in ``links``, and its entry in
    /// ``lists`` (``none`` when its duplicates brought no tags or lists). 12 bytes.
    struct Head {
        var first: UInt32
        var last: UInt32
        var lists: UInt32
    }

    /// A folded record's `_src` (or a `_merged` it carried) in a survivor's chain: 16 bytes.
    struct Link {
        var source: SurvivorIndex.PackedSource
        var next: UInt32
    }

    static let none = UInt32.max
    private let spill: SurvivorSpill
    private var heads: [UInt32: Head] = [:]
    // 32-bit link numbers: 4 billion folded records would take 64 GB here first.
    private var links: [Link] = []
    private var lists: [Lists] = []
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
        link(index.pack(r.source), to: ordinal)
        for p in r.merged { link(index.pack(p), to: ordinal) }
        guard !r.tags.isEmpty || !r.subscribe.isEmpty || !r.unsubscribe.isEmpty, var head = heads[ordinal] else { return }
        if head.lists == Self.none {
            head.lists = UInt32(lists.count)
            lists.append(Lists())
            heads[ordinal] = head
        }
        lists[Int(head.lists)].add(r)
    }

    private mutating func link(_ source: SurvivorIndex.PackedSource, to ordinal: UInt32) {
        let i = UInt32(links.count)
        links.append(Link(source: source, next: Self.none))
        if var head = heads[ordinal] {
            links[Int(head.last)].next = i
            head.last = i
            heads[ordinal] = head
        } else {
            heads[ordinal] = Head(first: i, last: i, lists: Self.none)
        }
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
            guard let head = heads.removeValue(forKey: ordinal) else { emit(record); continue }
            var survivor = record
            if head.lists != Self.none {
                let a = lists[Int(head.lists)]
                lists[Int(head.lists)] = Lists()
                RecordMerge.addTags(a.tags, to: &survivor.tags)
                for l in a.subscribe where !survivor.subscribe.contains(l) { survivor.subscribe.append(l) }
                for l in a.unsubscribe where !survivor.unsubscribe.contains(l) { survivor.unsubscribe.append(l) }
            }
            var i = head.first
            while i != Self.none {
                survivor.merged.append(index.unpack(links[Int(i)].source))
                i = links[Int(i)].next
            }
            emit(survivor)
        }
        return true
    }
}
