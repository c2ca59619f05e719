import ListwashCore

/// The email keys of one batch (``EmailCheck/key(_:)``), with `String` equality, for the
/// per-contact "already in this batch?" check of the writer and of ``BatchValidator``.
///
/// Hand-written rather than `Set<String>` because the set is filled and emptied once per batch
/// for every contact of the run: `String.hashValue` (SipHash, with Unicode normalization) and
/// the set's storage made up most of that check's cost in the profile. Here an ASCII key (nearly
/// all of them) is hashed straight from its UTF-8 bytes into a linear-probing table whose storage
/// is kept across batches (measured on the 1M-row workload: the `batch` command takes about 4%
/// less CPU than with `Set<String>`; the rest of the check's cost is the first touch of each
/// key's bytes). `String` equality (canonical equivalence) is kept exactly:
/// - two ASCII keys are equal exactly when their bytes are, which the table finds;
/// - a key with non-ASCII bytes (rare) is not in the table: it is compared with `==` against every
///   key held, and every ASCII key is compared with `==` against the non-ASCII keys held (a
///   non-ASCII key can equal an ASCII one, e.g. with U+212A KELVIN SIGN for `K`).
///
/// Keys are removed only from the end (``removeLast()``), which is what lets linear probing
/// simply empty the last key's slot: no key inserted before it probed past that slot.
struct EmailKeySet {
    /// The keys in insertion order.
    private var keys: [String] = []
    /// Each key's ``asciiHash(_:)``, 0 for a non-ASCII key. (Two arrays rather than one of
    /// tuples: emptying an array of tuples went through the runtime's generic destroy.)
    private var hashes: [UInt64] = []
    /// Linear-probing slots holding `keys` index + 1, 0 when empty; a power of two in size,
    /// kept at least twice the number of keys.
    private var slots: [Int32]
    /// The indices in `keys` of the non-ASCII keys, ascending.
    private var others: [Int] = []

    /// A set sized for `capacity` keys without growing.
    init(capacity: Int = 250) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: 0, count: size)
        keys.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    /// The key inserted last, if any.
    var last: String? { keys.last }

    func contains(_ key: String) -> Bool {
        find(key, hash: Self.asciiHash(key)) != nil
    }

    /// Adds `key`; false (and no change) when an equal key is already held.
    mutating func insert(_ key: String) -> Bool {
        let hash = Self.asciiHash(key)
        if find(key, hash: hash) != nil { return false }
        if 2 * (keys.count + 1) > slots.count { grow() }
        keys.append(key)
        hashes.append(hash ?? 0)
        if let hash { place(keys.count - 1, hash: hash) } else { others.append(keys.count - 1) }
        return true
    }

    /// Removes the key inserted last.
    mutating func removeLast() {
        let index = keys.count - 1
        if others.last == index {
            others.removeLast()
        } else {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hashes[index]) & mask
            while slots[slot] != Int32(index + 1) { slot = (slot + 1) & mask }
            slots[slot] = 0
        }
        keys.removeLast()
        hashes.removeLast()
    }

    /// Removes every key, keeping the storage.
    mutating func removeAll() {
        // Emptying only the slots in use costs as much as the inserts did, not the table's size.
        // (A non-ASCII key's hash 0 only empties slots that are emptied anyway.)
        let mask = slots.count - 1
        for hash in hashes {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slots[slot] = 0; slot = (slot + 1) & mask }
        }
        keys.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        others.removeAll(keepingCapacity: true)
    }

    /// The index of the entry equal to `key`, whose ``asciiHash(_:)`` is `hash`.
    private func find(_ key: String, hash: UInt64?) -> Int? {
        guard let hash else {
            // Non-ASCII: compared with every key held (rare, and a batch holds at most 250).
            return keys.firstIndex(of: key)
        }
        for i in others where keys[i] == key { return i }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let i = Int(slots[slot]) - 1
            if hashes[i] == hash && keys[i] == key { return i }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        var other = others.makeIterator(), next = other.next()
        for i in keys.indices {
            if i == next { next = other.next() } else { place(i, hash: hashes[i]) }
        }
    }

    /// A 64-bit hash of `key`'s bytes when they are all ASCII, else nil. Eight bytes at a time,
    /// multiply and xor-shift (the keys are short; not an adversarial setting: a batch holds at
    /// most 250 keys, so even all-colliding keys cost 250² comparisons at worst).
    static func asciiHash(_ key: String) -> UInt64? {
        if let h = key.utf8.withContiguousStorageIfAvailable({ asciiHash($0) }) { return h }
        var copy = key
        return copy.withUTF8 { asciiHash($0) }
    }

    static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(bytes.count) &* m
        var high: UInt64 = 0
        var i = 0
        let n = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                high |= w
                h = (h ^ w) &* m
                h ^= h >> 29
                i += 8
            }
            if i < n {
                var w: UInt64 = 0
                var shift: UInt64 = 0
                while i < n { w |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
                high |= w
                h = (h ^ w) &* m
                h ^= h >> 29
            }
        }
        if ByteWord.nonASCII(high) != 0 { return nil }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}
