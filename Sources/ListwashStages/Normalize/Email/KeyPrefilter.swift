/// A byte-level prefilter for a small set of keys (typo domains, role-account local parts): a
/// 4096-bit table holding a hash of each key's lowercased ASCII bytes. A value whose hash bit is
/// clear is not in the set, which the hot path learns without building a String and hashing it
/// with SipHash; a value the prefilter lets through (a key, or a rare collision) is looked up as
/// before. Hand-written because no Swift set can be asked about bytes without a String.
///
/// Only ASCII values are ruled out: String comparison is Unicode canonical equivalence, and a
/// non-ASCII value may lowercase or normalize to an ASCII key (`K` KELVIN SIGN lowercases to
/// `k`). A set with an empty or non-ASCII key rules nothing out.
struct KeyPrefilter: Sendable {
    private static let tableBits = 4096
    private let bits: [UInt64]
    private let rulesOut: Bool

    init(keys: some Sequence<String>) {
        var bits = [UInt64](repeating: 0, count: Self.tableBits / 64)
        var usable = true
        for key in keys {
            let utf8 = Array(key.utf8)
            guard !utf8.isEmpty, utf8.allSatisfy({ $0 < 0x80 }) else { usable = false; break }
            let slot = utf8.withUnsafeBufferPointer { Self.slot($0, count: $0.count) }
            bits[slot >> 6] |= 1 << UInt64(slot & 63)
        }
        self.bits = bits
        rulesOut = usable
    }

    /// Whether the lowercased first `count` bytes of `bytes` may be a key; `bytes` must be ASCII
    /// (see ``isASCII(_:)``).
    @inline(__always) func mayContain(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        guard rulesOut, count > 0 else { return true }
        let slot = Self.slot(bytes, count: count)
        return bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// Whether ``mayContain(_:count:)`` may be asked about `bytes`.
    @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var acc: UInt8 = 0
        for b in bytes { acc |= b }
        return acc < 0x80
    }

    /// A hash of the length and the first and last eight lowercased bytes, folded to a table
    /// slot: constant time, where a byte-by-byte hash cost more than the rest of `finish`.
    @inline(__always) private static func slot(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Int {
        var head: UInt64 = 0, tail: UInt64 = 0
        if count >= 8, let base = bytes.baseAddress {
            head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            tail = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
        } else {
            for i in 0..<count { head |= UInt64(bytes[i]) << UInt64(8 * i) }
        }
        var h = lowercased(head) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (lowercased(tail) &+ UInt64(count))) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: (h ^ (h >> 31)) >> 52) & (tableBits - 1)
    }

    /// Eight ASCII bytes with 'A'...'Z' lowercased, all at once.
    @inline(__always) private static func lowercased(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = w &+ ones &* (0x80 - 0x41)      // high bit set where the byte is >= 'A'
        let pastZ = w &+ ones &* (0x80 - 0x5B)         // high bit set where the byte is > 'Z'
        let upper = atLeastA & ~pastZ & (ones &* 0x80)
        return w | (upper >> 2)
    }
}
