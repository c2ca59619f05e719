import CPrefetch
#if canImport(Glibc)
import Glibc
#endif

/// An open-addressing hash table from ``Fingerprint128`` to a small fixed-size payload, stored
/// inline: one flat block of slots, no per-entry allocation, no key bytes kept.
///
/// Slot size is 16 bytes of fingerprint plus the payload, rounded up to the payload's alignment
/// (24 bytes for an 8-byte payload, 28 for three 32-bit words, 32 for four). Linear probing, at most 75% full; the table grows by
/// half when full, so it holds between 1.33 and 2 slots per entry. The all-zero fingerprint marks
/// an empty slot, so a key hashing to zero is stored as `lo = 1` (one more 2⁻¹²⁸ chance).
/// The slot index comes from the fingerprint's high word by multiply-shift, so the capacity
/// need not be a power of two.
///
/// Large tables (millions of entries: a dedupe index, a suppression list) are the cost of every
/// insert and lookup, because each one lands on a random slot: a cache miss and, with 4 KiB
/// pages, a TLB miss too. So their slots live in memory mapped directly from the system and
/// marked for transparent huge pages (2 MiB pages, where the system allows them), which the
/// kernel hands over already zeroed, and ``prefetch(_:)`` lets a caller with many keys at hand
/// start their cache misses together instead of one after another.
public struct FingerprintTable<Payload: BitwiseCopyable> {
    /// The fingerprint is kept as four 32-bit words so that the slot is only 4-byte aligned:
    /// a 12-byte payload then makes a 28-byte slot rather than 32.
    struct Slot {
        private var hi0: UInt32, hi1: UInt32, lo0: UInt32, lo1: UInt32
        var payload: Payload

        @inline(__always) init(hi: UInt64, lo: UInt64, payload: Payload) {
            hi0 = UInt32(truncatingIfNeeded: hi)
            hi1 = UInt32(truncatingIfNeeded: hi >> 32)
            lo0 = UInt32(truncatingIfNeeded: lo)
            lo1 = UInt32(truncatingIfNeeded: lo >> 32)
            self.payload = payload
        }

        @inline(__always) var hi: UInt64 { UInt64(hi1) << 32 | UInt64(hi0) }
        @inline(__always) var lo: UInt64 { UInt64(lo1) << 32 | UInt64(lo0) }
    }

    private var storage: SlotStorage<Slot>
    public private(set) var count = 0
    var capacity: Int { storage.capacity }
    private let filler: Payload

    /// An empty table sized for `expected` entries without growing.
    /// - Parameter filler: a payload value used for empty slots (never returned).
    public init(expected: Int = 0, filler: Payload) {
        self.filler = filler
        storage = SlotStorage(capacity: Swift.max(16, expected + expected / 3 + 1),
                              empty: Slot(hi: 0, lo: 0, payload: filler))
    }

    /// Bytes held by the slots.
    public var bytes: Int { capacity * MemoryLayout<Slot>.stride }

    @inline(__always) static func normalized(_ f: Fingerprint128) -> Fingerprint128 {
        f.hi == 0 && f.lo == 0 ? Fingerprint128(hi: 0, lo: 1) : f
    }

    @inline(__always) static func home(_ f: Fingerprint128, capacity: Int) -> Int {
        Int(truncatingIfNeeded: f.hi.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// The slot holding `f` (`found`), or else the empty slot where it would go: linear probing
    /// from its home slot. `f` must be normalized; the block is never full (at most 75%).
    @inline(__always) static func probe(_ f: Fingerprint128, in s: UnsafeMutablePointer<Slot>, capacity cap: Int) -> (index: Int, found: Bool) {
        var i = home(f, capacity: cap)
        while true {
            let slot = s[i]
            if slot.hi == f.hi && slot.lo == f.lo { return (i, true) }
            if slot.hi == 0 && slot.lo == 0 { return (i, false) }
            i += 1
            if i == cap { i = 0 }
        }
    }

    /// The payload stored for `f`, if any.
    public func find(_ f: Fingerprint128) -> Payload? {
        let s = storage.base
        let (i, found) = Self.probe(Self.normalized(f), in: s, capacity: capacity)
        return found ? s[i].payload : nil
    }

    /// Asks for the home slot of each key ahead of its lookup or insert, so that the cache
    /// misses of a batch of inserts or lookups overlap rather than being paid one at a time
    /// inside the probe loops. Worth it for tables far larger than the cache; harmless otherwise.
    /// A prefetch instruction, not a load: a load that misses holds up every instruction after
    /// it once the processor's window is full, which moved the wait here instead of hiding it.
    public func prefetch(_ keys: UnsafeBufferPointer<Fingerprint128>) {
        for f in keys { prefetch(f) }
    }

    /// The same, for one key.
    @inline(__always) public func prefetch(_ f: Fingerprint128) {
        // The first and last byte: a slot may straddle two cache lines.
        let slot = UnsafeRawPointer(storage.base + Self.home(f, capacity: capacity))
        listwash_prefetch(slot)
        listwash_prefetch(slot + (MemoryLayout<Slot>.stride - 1))
    }

    /// Inserts `payload` for `f` unless `f` is present; returns the payload already stored, or
    /// nil when `f` was new. One probe sequence does both the lookup and the insert.
    public mutating func insertIfAbsent(_ f: Fingerprint128, _ payload: Payload) -> Payload? {
        if (count + 1) * 4 > capacity * 3 { grow() }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let f = Self.normalized(f)
        let s = storage.base
        let (i, found) = Self.probe(f, in: s, capacity: capacity)
        if found { return s[i].payload }
        s[i] = Slot(hi: f.hi, lo: f.lo, payload: payload)
        count += 1
        return nil
    }

    /// Replaces the payload of `f`, which must be present.
    public mutating func update(_ f: Fingerprint128, _ payload: Payload) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let s = storage.base
        let (i, found) = Self.probe(Self.normalized(f), in: s, capacity: capacity)
        if found { s[i].payload = payload }
    }

    /// Moves every entry into a block half as large again.
    ///
    /// The old block is read once, front to back, and handed back to the system as it is read
    /// (when no other table shares it), while the new block fills front to back at the same
    /// pace (a slot's home is proportional to its fingerprint in both). So the peak is about the
    /// new block alone rather than old plus new: 36 instead of 60 MiB (28-byte slots) for the 858,409 unique
    /// contacts of the 1M-row benchmark.
    mutating func grow() {
        let newCapacity = capacity + capacity / 2
        let fresh = SlotStorage(capacity: newCapacity, empty: Slot(hi: 0, lo: 0, payload: filler))
        let d = fresh.base
        let s = storage.base
        let releasing = isKnownUniquelyReferenced(&storage)
        let step = Swift.max(1, SlotStorage<Slot>.releaseBytes / MemoryLayout<Slot>.stride)
        var start = 0
        while start < capacity {
            let end = Swift.min(capacity, start + step)
            for j in start..<end where !(s[j].hi == 0 && s[j].lo == 0) {
                // Keys are unique, so the probe always ends on an empty slot.
                d[Self.probe(Fingerprint128(hi: s[j].hi, lo: s[j].lo), in: d, capacity: newCapacity).index] = s[j]
            }
            if releasing { storage.release(start..<end) }
            start = end
        }
        storage = fresh
    }
}

/// The slot block of a ``FingerprintTable``: a class so that it is freed when the last table
/// holding it goes, and copied only when a shared table is changed (value semantics).
///
/// Blocks from 4 MiB up are mapped from the system (`mmap`), which hands them over zeroed, and
/// advised for transparent huge pages; when the empty slot is all zero bits, as for every table
/// in listwash, such a block needs no initializing pass. Smaller blocks come from the allocator.
final class SlotStorage<Slot> {
    let base: UnsafeMutablePointer<Slot>
    let capacity: Int
    private let empty: Slot
    private let mappedBytes: Int

    static var mapThreshold: Int { 4 << 20 }

    init(capacity: Int, empty: Slot) {
        self.capacity = capacity
        self.empty = empty
        let bytes = capacity * MemoryLayout<Slot>.stride
        let zero = withUnsafeBytes(of: empty) { $0.allSatisfy { $0 == 0 } }
        if bytes >= Self.mapThreshold,
           let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
            // Advice only: where huge pages are off, this fails and the table works the same.
            _ = madvise(p, bytes, MADV_HUGEPAGE)
            base = p.bindMemory(to: Slot.self, capacity: capacity)
            mappedBytes = bytes
            if !zero { base.initialize(repeating: empty, count: capacity) }
        } else {
            base = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
            base.initialize(repeating: empty, count: capacity)
            mappedBytes = 0
        }
    }

    /// How much of an old block ``FingerprintTable/grow()`` reads before handing it back.
    static var releaseBytes: Int { 2 << 20 }

    /// Hands the whole pages inside `slots` back to the system when the block was mapped; their
    /// contents are gone afterwards (reads give zero), so only a block about to be dropped may
    /// do this. Smaller, allocated blocks are left as they are.
    func release(_ slots: Range<Int>) {
        guard mappedBytes > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let origin = Int(bitPattern: UnsafeMutableRawPointer(base))
        let from = (origin + slots.lowerBound * MemoryLayout<Slot>.stride + page - 1) / page * page
        let to = (origin + slots.upperBound * MemoryLayout<Slot>.stride) / page * page
        guard to > from, let p = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(p, to - from, MADV_DONTNEED)
    }

    /// A block with the same slots.
    func copy() -> SlotStorage {
        let c = SlotStorage(capacity: capacity, empty: empty)
        c.base.update(from: base, count: capacity)
        return c
    }

    deinit {
        if mappedBytes > 0 {
            munmap(base, mappedBytes)
        } else {
            base.deallocate()
        }
    }
}
