/// A 128-bit keyed fingerprint of a byte string: SipHash-1-3 with 128-bit output, keyed with a
/// random key drawn once per process.
///
/// Dedupe and exclude keep fingerprints instead of the keys themselves, so a false match is the
/// price of the memory saved; a false match drops a contact, so the risk must be negligible:
/// - By chance: SipHash is a pseudo-random function, so `n` distinct keys collide with
///   probability at most n²/2¹²⁹. For 10⁸ unique contacts that is 1.5·10⁻²³; a run would have to
///   repeat 10²⁰ times for one wrong drop to be expected.
/// - On purpose: the key is secret and random per process, so nobody can craft an address that
///   collides with another person's (unkeyed hashes such as MurmurHash3 have seed-independent
///   collisions). Swift's `Hasher` is the same function but gives only 64 bits, which would put
///   the chance collision at 10⁸ contacts near 3·10⁻⁴: too high for a step that drops people.
///
/// Written by hand because neither the standard library nor swift-crypto exposes a fast keyed
/// 128-bit hash (SHA-256 costs several times more per short key).
public struct Fingerprint128: Hashable, Sendable {
    public var hi: UInt64
    public var lo: UInt64

    @inlinable public init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    /// The fingerprint of `bytes` under `key`.
    @inlinable public init(_ bytes: UnsafeRawBufferPointer, key: FingerprintKey) {
        var v0 = key.k0 ^ 0x736f6d6570736575
        var v1 = key.k1 ^ 0x646f72616e646f6d ^ 0xee
        var v2 = key.k0 ^ 0x6c7967656e657261
        var v3 = key.k1 ^ 0x7465646279746573
        @inline(__always) func round() {
            v0 = v0 &+ v1; v1 = (v1 << 13) | (v1 >> 51); v1 ^= v0; v0 = (v0 << 32) | (v0 >> 32)
            v2 = v2 &+ v3; v3 = (v3 << 16) | (v3 >> 48); v3 ^= v2
            v0 = v0 &+ v3; v3 = (v3 << 21) | (v3 >> 43); v3 ^= v0
            v2 = v2 &+ v1; v1 = (v1 << 17) | (v1 >> 47); v1 ^= v2; v2 = (v2 << 32) | (v2 >> 32)
        }
        let count = bytes.count
        let blocks = count / 8
        var i = 0
        while i < blocks {
            let m = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            v3 ^= m
            round()
            v0 ^= m
            i += 1
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        var j = blocks * 8
        var shift: UInt64 = 0
        while j < count {
            last |= UInt64(bytes[j]) << shift
            shift += 8
            j += 1
        }
        v3 ^= last
        round()
        v0 ^= last
        v2 ^= 0xee
        round(); round(); round()
        let h0 = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        round(); round(); round()
        let h1 = v0 ^ v1 ^ v2 ^ v3
        hi = h0
        lo = h1
    }

    /// The fingerprint of a byte array under `key`.
    @inlinable public init(_ bytes: [UInt8], key: FingerprintKey) {
        self = bytes.withUnsafeBytes { Fingerprint128($0, key: key) }
    }

    /// The first 128 bits of a longer digest (SHA-256) or a whole MD5 digest, big-endian.
    @inlinable public init<S: Sequence>(digestPrefix digest: S) where S.Element == UInt8 {
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, b) in digest.prefix(16).enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        hi = h
        lo = l
    }
}

/// The secret 128-bit key of ``Fingerprint128``. ``random()`` for real use; tests may fix one.
public struct FingerprintKey: Sendable {
    public var k0: UInt64
    public var k1: UInt64

    public init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// A key from the system's secure random source.
    public static func random() -> FingerprintKey {
        var g = SystemRandomNumberGenerator()
        return FingerprintKey(k0: g.next(), k1: g.next())
    }
}
