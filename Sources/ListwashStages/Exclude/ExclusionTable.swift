/// Exclusion entries of one kind keyed by the fingerprint of their folded text: O(1) lookup.
///
/// Most keys have one entry, stored inline in the ``FingerprintTable`` slot (24 bytes). The same
/// key written again with another scope (or with subdomains) is chained in a side dictionary;
/// a repeat that adds nothing (the first is already for all lists) is dropped.
struct ExclusionTable {
    private var table: FingerprintTable<ExclusionRef>
    private var chains: [Fingerprint128: [ExclusionRef]] = [:]
    /// Whether any entry matches subdomains (so lookups need to walk parent domains).
    private(set) var hasSubdomainEntries = false

    init(expected: Int = 0) {
        table = FingerprintTable(expected: expected, filler: .none)
    }

    var count: Int { table.count }
    var isEmpty: Bool { table.count == 0 }
    var bytes: Int { table.bytes }

    mutating func reserve(_ expected: Int) {
        guard table.count == 0, expected > 0 else { return }
        table = FingerprintTable(expected: expected, filler: .none)
    }

    mutating func insert(_ f: Fingerprint128, _ ref: ExclusionRef) {
        if ref.matchesSubdomains { hasSubdomainEntries = true }
        guard var head = table.insertIfAbsent(f, ref) else { return }
        if head.isAllLists && (!ref.matchesSubdomains || head.matchesSubdomains) { return }
        if !head.isChained {
            head.bits |= ExclusionRef.chainedFlag
            table.update(f, head)
        }
        chains[f, default: []].append(ref)
    }

    /// Starts the cache misses of a batch of inserts together (``FingerprintTable/prefetch(_:)``).
    func prefetch(_ keys: UnsafeBufferPointer<Fingerprint128>) { table.prefetch(keys) }
    func prefetch(_ key: Fingerprint128) { table.prefetch(key) }

    /// Calls `body` with every entry for `f` (usually none or one).
    func forEach(_ f: Fingerprint128, _ body: (ExclusionRef) -> Void) {
        guard let head = table.find(f) else { return }
        body(head)
        if head.isChained, let more = chains[f] { for r in more { body(r) } }
    }
}
