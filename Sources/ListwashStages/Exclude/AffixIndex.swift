#if canImport(Glibc)
import Glibc
#endif

/// Begins-with or ends-with entries, matched without scanning every entry per record.
///
/// Entries are bucketed by length. A record's address is hashed once, byte by byte from its
/// start (prefixes) or its end (suffixes), with a rolling hash; at each length that some entry
/// has, the hash so far is looked up, and a hit is confirmed by comparing the bytes, so hash
/// collisions cost time, never a wrong match. Cost per record: one pass over at most the
/// longest entry's length, plus one lookup per distinct entry length (a few dozen at most).
struct AffixIndex {
    /// Matches entries at the start (`prefix`) or at the end (`suffix`) of the address.
    let fromEnd: Bool
    private var text: [UInt8] = []
    private var offsets: [UInt32] = []
    private var lengths: [UInt16] = []
    private var refs: [ExclusionRef] = []
    private var next: [UInt32] = []
    private var heads = FingerprintTable<UInt32>(filler: 0)
    private var hasLength: [Bool] = []

    init(fromEnd: Bool) { self.fromEnd = fromEnd }

    var count: Int { refs.count }
    var isEmpty: Bool { refs.isEmpty }
    var bytes: Int { heads.bytes + text.capacity + offsets.capacity * 4 + lengths.capacity * 2 + refs.capacity * 8 + next.capacity * 4 }

    /// Sizes an empty index for `expected` entries of about `bytesEach` bytes, so that
    /// loading a long list does not grow it step by step.
    mutating func reserve(_ expected: Int, bytesEach: Int) {
        guard refs.isEmpty, expected > 0 else { return }
        heads = FingerprintTable(expected: expected, filler: 0)
        text.reserveCapacity(expected * bytesEach)
        offsets.reserveCapacity(expected)
        lengths.reserveCapacity(expected)
        refs.reserveCapacity(expected)
        next.reserveCapacity(expected)
    }

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let none = UInt32.max

    /// Adds a folded entry (at most 65,535 bytes; longer ones can match no address anyway).
    mutating func insert(_ entry: [UInt8], _ ref: ExclusionRef) {
        entry.withUnsafeBufferPointer { insert($0, ref, key: key(of: $0)) }
    }

    /// The key under which `entry` is filed: its rolling hash, read from the end it is matched
    /// from, and its length.
    func key(of entry: UnsafeBufferPointer<UInt8>) -> Fingerprint128 {
        var h: UInt64 = 0
        if fromEnd {
            for b in entry.reversed() { h = Self.step(h, b) }
        } else {
            for b in entry { h = Self.step(h, b) }
        }
        return Fingerprint128(hi: h, lo: UInt64(entry.count))
    }

    /// Starts the cache misses of a batch of inserts together (``FingerprintTable/prefetch(_:)``).
    mutating func prefetch(_ keys: UnsafeBufferPointer<Fingerprint128>) { heads.prefetch(keys) }

    /// Adds a folded entry whose ``key(of:)`` is `key`.
    mutating func insert(_ entry: UnsafeBufferPointer<UInt8>, _ ref: ExclusionRef, key: Fingerprint128) {
        guard !entry.isEmpty, entry.count <= Int(UInt16.max) else { return }
        let index = UInt32(refs.count)
        var tail = Self.none
        if let head = heads.insertIfAbsent(key, index) {
            // Chain at the end, so entries are met in file order (the first one written is the
            // one a reject names). A repeat of an entry already there for all lists, or with
            // the same scope, adds nothing: dropping it keeps chains short however often an
            // entry is repeated.
            var i = head
            while true {
                let o = Int(offsets[Int(i)])
                if Int(lengths[Int(i)]) == entry.count && text[o..<(o + entry.count)].elementsEqual(entry)
                    && (refs[Int(i)].isAllLists || refs[Int(i)].bits == ref.bits) { return }
                if next[Int(i)] == Self.none { break }
                i = next[Int(i)]
            }
            tail = i
        }
        offsets.append(UInt32(text.count))
        lengths.append(UInt16(entry.count))
        text.append(contentsOf: entry)
        refs.append(ref)
        next.append(Self.none)
        if tail != Self.none { next[Int(tail)] = index }
        if hasLength.count <= entry.count { hasLength += Array(repeating: false, count: entry.count + 1 - hasLength.count) }
        hasLength[entry.count] = true
    }

    @inline(__always) private static func step(_ h: UInt64, _ b: UInt8) -> UInt64 {
        (h ^ UInt64(b)) &* multiplier &+ 0x2545_F491_4F6C_DD1D
    }

    /// The text of entry `i`.
    func entryText(_ i: Int) -> String {
        let o = Int(offsets[i])
        return String(decoding: text[o..<(o + Int(lengths[i]))], as: UTF8.self)
    }

    /// Calls `body` with the number and ref of every entry matching `address`, shortest first.
    func forEachMatch(in address: UnsafeBufferPointer<UInt8>, _ body: (Int, ExclusionRef) -> Void) {
        let n = Swift.min(address.count, hasLength.count - 1)
        guard n > 0 else { return }
        var h: UInt64 = 0
        text.withUnsafeBufferPointer { t in
            for l in 1...n {
                h = Self.step(h, fromEnd ? address[address.count - l] : address[l - 1])
                guard hasLength[l] else { continue }
                guard var i = heads.find(Fingerprint128(hi: h, lo: UInt64(l))) else { continue }
                let start = fromEnd ? address.count - l : 0
                while true {
                    let o = Int(offsets[Int(i)])
                    if Int(lengths[Int(i)]) == l && memcmp(t.baseAddress! + o, address.baseAddress! + start, l) == 0 {
                        body(Int(i), refs[Int(i)])
                    }
                    i = next[Int(i)]
                    if i == Self.none { break }
                }
            }
        }
    }
}
