/// An open-addressing hash table from ``Fingerprint128`` to a small fixed-size payload, stored
/// inline: one flat array of slots, no per-entry allocation, no key bytes kept.
///
/// Slot size is 16 bytes of fingerprint plus the payload, rounded up to 8 (24 bytes for an
/// 8-byte payload, 32 bytes for 12 to 16). Linear probing, at most 75% full; the table grows by
/// half when full, so it holds between 1.33 and 2 slots per entry. The all-zero fingerprint marks
/// an empty slot, so a key hashing to zero is stored as `lo = 1` (one more 2⁻¹²⁸ chance).
/// The slot index comes from the fingerprint's high word by multiply-shift, so the capacity
/// need not be a power of two.
public struct FingerprintTable<Payload: BitwiseCopyable> {
    struct Slot {
        var hi: UInt64
        var lo: UInt64
        var payload: Payload
    }

    var slots: [Slot]
    public private(set) var count = 0
    var capacity: Int
    private let filler: Payload

    /// An empty table sized for `expected` entries without growing.
    /// - Parameter filler: a payload value used for empty slots (never returned).
    public init(expected: Int = 0, filler: Payload) {
        self.filler = filler
        capacity = Swift.max(16, expected + expected / 3 + 1)
        slots = Array(repeating: Slot(hi: 0, lo: 0, payload: filler), count: capacity)
    }

    /// Bytes held by the slot array.
    public var bytes: Int { capacity * MemoryLayout<Slot>.stride }

    static func normalized(_ f: Fingerprint128) -> Fingerprint128 {
        f.hi == 0 && f.lo == 0 ? Fingerprint128(hi: 0, lo: 1) : f
    }

    static func home(_ f: Fingerprint128, capacity: Int) -> Int {
        Int(truncatingIfNeeded: f.hi.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// The payload stored for `f`, if any.
    public func find(_ f: Fingerprint128) -> Payload? {
        let f = Self.normalized(f)
        return slots.withUnsafeBufferPointer { s in
            var i = Self.home(f, capacity: capacity)
            while true {
                let slot = s[i]
                if slot.hi == f.hi && slot.lo == f.lo { return slot.payload }
                if slot.hi == 0 && slot.lo == 0 { return nil }
                i += 1
                if i == capacity { i = 0 }
            }
        }
    }

    /// Inserts `payload` for `f` unless `f` is present; returns the payload already stored, or
    /// nil when `f` was new. One probe sequence does both the lookup and the insert.
    public mutating func insertIfAbsent(_ f: Fingerprint128, _ payload: Payload) -> Payload? {
        if (count + 1) * 4 > capacity * 3 { grow() }
        let f = Self.normalized(f)
        let cap = capacity
        let found: Payload? = slots.withUnsafeMutableBufferPointer { s in
            var i = Self.home(f, capacity: cap)
            while true {
                let slot = s[i]
                if slot.hi == f.hi && slot.lo == f.lo { return slot.payload }
                if slot.hi == 0 && slot.lo == 0 {
                    s[i] = Slot(hi: f.hi, lo: f.lo, payload: payload)
                    return nil
                }
                i += 1
                if i == cap { i = 0 }
            }
        }
        if found == nil { count += 1 }
        return found
    }

    /// Replaces the payload of `f`, which must be present.
    public mutating func update(_ f: Fingerprint128, _ payload: Payload) {
        let f = Self.normalized(f)
        let cap = capacity
        slots.withUnsafeMutableBufferPointer { s in
            var i = Self.home(f, capacity: cap)
            while true {
                if s[i].hi == f.hi && s[i].lo == f.lo { s[i].payload = payload; return }
                if s[i].hi == 0 && s[i].lo == 0 { return }
                i += 1
                if i == cap { i = 0 }
            }
        }
    }

    mutating func grow() {
        let newCapacity = capacity + capacity / 2
        var fresh = Array(repeating: Slot(hi: 0, lo: 0, payload: filler), count: newCapacity)
        fresh.withUnsafeMutableBufferPointer { d in
            for slot in slots where !(slot.hi == 0 && slot.lo == 0) {
                var i = Self.home(Fingerprint128(hi: slot.hi, lo: slot.lo), capacity: newCapacity)
                while !(d[i].hi == 0 && d[i].lo == 0) {
                    i += 1
                    if i == newCapacity { i = 0 }
                }
                d[i] = slot
            }
        }
        slots = fresh
        capacity = newCapacity
    }
}
