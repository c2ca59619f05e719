import CMemory
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
    /// A mapped block held by this table alone grows where it is (``SlotStorage/grown(to:)``)
    /// and its entries move within it (``rehashInPlace(from:)``). Why: every fresh page the
    /// system hands over is zeroed first, and on this kind of machine (a virtual one) zeroing
    /// ran at under 1 GB/s: 4 % of the 1M-row benchmark's CPU went to zeroing the dedupe index's
    /// blocks, three times its final size in all (each growth allocated a new block). Grown in
    /// place, only the added part is new, and the peak is the grown block alone. A copy (of a
    /// block too small to be mapped, or shared with another table) holds both for a moment.
    mutating func grow() {
        let newCapacity = capacity + capacity / 2
        if isKnownUniquelyReferenced(&storage), let grown = storage.grown(to: newCapacity) {
            let old = capacity
            storage = grown
            rehashInPlace(from: old)
            growthsInPlace += 1
            return
        }
        let fresh = SlotStorage(capacity: newCapacity, empty: Slot(hi: 0, lo: 0, payload: filler))
        let d = fresh.base, dCapacity = fresh.capacity
        let s = storage.base
        for j in 0..<capacity where !(s[j].hi == 0 && s[j].lo == 0) {
            // Keys are unique, so the probe always ends on an empty slot.
            d[Self.probe(Fingerprint128(hi: s[j].hi, lo: s[j].lo), in: d, capacity: dCapacity).index] = s[j]
        }
        storage = fresh
    }

    /// Growths done in place (for tests).
    private(set) var growthsInPlace = 0

    /// Puts every entry of the first `old` slots where linear probing over the whole grown block
    /// expects it. An entry is taken out of its slot and placed by probing from its new home;
    /// an entry not yet placed that is in the way gives up its slot and is placed next. Placed
    /// entries never move again, and every slot a placed entry's probe passed over holds a placed
    /// entry, so each one is found from its home afterwards.
    ///
    /// The slots are taken from the last to the first. A home moves up with the capacity (by
    /// half), so an entry then lands in slots already emptied or in the added part, and
    /// the block is walked down twice in step, a pattern the processor reads ahead. From the
    /// first slot up, nearly every entry would displace one not yet placed, in chains that jump
    /// across the block (a cache miss each): that took 5 % of the busier thread's time.
    private mutating func rehashInPlace(from old: Int) {
        let s = storage.base, cap = capacity
        let empty = Slot(hi: 0, lo: 0, payload: filler)
        var placedBits = [UInt64](repeating: 0, count: (cap + 63) / 64)
        placedBits.withUnsafeMutableBufferPointer { placed in
            @inline(__always) func isPlaced(_ i: Int) -> Bool { placed[i &>> 6] & (1 &<< UInt64(i & 63)) != 0 }
            for j in (0..<old).reversed() where !isPlaced(j) && !(s[j].hi == 0 && s[j].lo == 0) {
                var held = s[j]
                s[j] = empty
                while true {
                    var i = Self.home(Fingerprint128(hi: held.hi, lo: held.lo), capacity: cap)
                    while isPlaced(i) {
                        i += 1
                        if i == cap { i = 0 }
                    }
                    let taken = s[i]
                    s[i] = held
                    placed[i &>> 6] |= 1 &<< UInt64(i & 63)
                    if taken.hi == 0 && taken.lo == 0 { break }
                    held = taken
                }
            }
        }
    }
}

/// The slot block of a ``FingerprintTable``: a class so that it is freed when the last table
/// holding it goes, and copied only when a shared table is changed (value semantics).
///
/// Blocks from 4 MiB up are mapped from the system (`listwash_map`: whole 2 MiB pages, starting
/// on a 2 MiB boundary), which hands them over zeroed, advised for transparent huge pages; when
/// the empty slot is all zero bits, as for every table in listwash, such a block needs no
/// initializing pass. Smaller blocks come from the allocator.
final class SlotStorage<Slot> {
    let base: UnsafeMutablePointer<Slot>
    let capacity: Int
    private let empty: Slot
    private let mappedBytes: Int

    static var mapThreshold: Int { 4 << 20 }

    init(capacity: Int, empty: Slot) {
        self.empty = empty
        let bytes = capacity * MemoryLayout<Slot>.stride
        if bytes >= Self.mapThreshold, let p = listwash_map(Self.mappedSize(bytes)) {
            // The whole mapping is used: a partial last huge page would stay in 4 KiB pages.
            mappedBytes = Self.mappedSize(bytes)
            self.capacity = mappedBytes / MemoryLayout<Slot>.stride
            base = p.bindMemory(to: Slot.self, capacity: self.capacity)
            if !Self.isZero(empty) { base.initialize(repeating: empty, count: self.capacity) }
        } else {
            self.capacity = capacity
            base = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
            base.initialize(repeating: empty, count: capacity)
            mappedBytes = 0
        }
    }

    /// Whether `slot` is all zero bits, as a fresh mapping is.
    private static func isZero(_ slot: Slot) -> Bool { withUnsafeBytes(of: slot) { $0.allSatisfy { $0 == 0 } } }

    /// `bytes` rounded up to whole 2 MiB huge pages.
    static func mappedSize(_ bytes: Int) -> Int { (bytes + (2 << 20) - 1) / (2 << 20) * (2 << 20) }

    /// This block grown to at least `newCapacity` slots (the rest of its last huge page too),
    /// or nil when it was not mapped or could not grow. The pages it has keep their contents;
    /// the added slots are empty. This object no longer owns the memory afterwards and must
    /// not be used.
    func grown(to newCapacity: Int) -> SlotStorage? {
        let newBytes = Self.mappedSize(newCapacity * MemoryLayout<Slot>.stride)
        guard mappedBytes > 0, !disowned, newBytes > mappedBytes,
              let p = listwash_remap(UnsafeMutableRawPointer(base), mappedBytes, newBytes) else { return nil }
        disowned = true
        let grownCapacity = newBytes / MemoryLayout<Slot>.stride
        let block = p.bindMemory(to: Slot.self, capacity: grownCapacity)
        if !Self.isZero(empty) {
            (block + capacity).initialize(repeating: empty, count: grownCapacity - capacity)
        }
        return SlotStorage(adopting: block, capacity: grownCapacity, empty: empty, mappedBytes: newBytes)
    }

    private init(adopting block: UnsafeMutablePointer<Slot>, capacity: Int, empty: Slot, mappedBytes: Int) {
        base = block
        self.capacity = capacity
        self.empty = empty
        self.mappedBytes = mappedBytes
    }

    /// Set once ``grown(to:)`` has handed the memory to a new object.
    private var disowned = false

    /// A block with the same slots.
    func copy() -> SlotStorage {
        let c = SlotStorage(capacity: capacity, empty: empty)
        c.base.update(from: base, count: capacity)
        return c
    }

    deinit {
        if disowned { return }
        if mappedBytes > 0 {
            munmap(base, mappedBytes)
        } else {
            base.deallocate()
        }
    }
}
