/// Eight bytes tested at once, as one `UInt64` loaded from memory: the word tricks behind the
/// fast paths of the JSON scanner and writer, the CSV reader, the UTF-8 check and the batch
/// writer's email check ("Bit Twiddling Hacks", "determine if a word has a byte less than n").
///
/// A mask has the high bit (0x80) of each byte that passes the test, byte `j` of memory in bits
/// `8j ..< 8j + 8` on this little-endian machine, so `firstIndex` is the offset of the first one.
/// The cheap tests are exact up to their first hit and may also mark a byte after it (a borrow
/// carries into the next byte); use them for "any" and "where first", and ``equalExactly(_:_:)``
/// where every hit counts.
public enum ByteWord {
    // Computed rather than stored, so that the tests inlined into other modules read constants
    // instead of a lazily initialized global.
    @inlinable public static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable public static var high: UInt64 { 0x8080_8080_8080_8080 }

    /// Eight bytes from `p`, unaligned.
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The bytes equal to `b`, exact up to the first.
    @inlinable @inline(__always)
    public static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 { equal(w, to: repeated(b)) }

    /// `b` in every byte: a pattern for ``equal(_:to:)``, made once outside a loop whose byte is
    /// not a constant (the CSV delimiter).
    @inlinable @inline(__always)
    public static func repeated(_ b: UInt8) -> UInt64 { ones &* UInt64(b) }

    /// The bytes equal to the byte ``repeated(_:)`` in `pattern`, exact up to the first.
    @inlinable @inline(__always)
    public static func equal(_ w: UInt64, to pattern: UInt64) -> UInt64 {
        let v = w ^ pattern
        return (v &- ones) & ~v & high
    }

    /// The bytes equal to `b`, every one exact (no borrow between bytes; a few more operations).
    @inlinable @inline(__always)
    public static func equalExactly(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let v = w ^ (ones &* UInt64(b))
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((v & low) &+ low) | v | low)
    }

    /// The bytes below `n` (at most 0x80), exact up to the first.
    @inlinable @inline(__always)
    public static func below(_ w: UInt64, _ n: UInt8) -> UInt64 {
        (w &- ones &* UInt64(n)) & ~w & high
    }

    /// The bytes with the high bit set (not ASCII), every one exact.
    @inlinable @inline(__always)
    public static func nonASCII(_ w: UInt64) -> UInt64 { w & high }

    /// The offset of the first byte a non-zero mask marks.
    @inlinable @inline(__always)
    public static func firstIndex(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }

    /// A mask of the bytes before offset `k` (0 ..< 8), to keep only those of a word.
    @inlinable @inline(__always)
    public static func prefix(_ k: Int) -> UInt64 { (1 &<< UInt64(k &* 8)) &- 1 }

    /// Whether the `count` bytes at `a` and at `b` are the same, eight at a time: for the short
    /// literals fast paths compare (keys, `_src`'s start), where a call to `memcmp` cost more
    /// than the comparison.
    @inlinable @inline(__always)
    public static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        var k = 0
        while k + 8 <= count {
            if load(a + k) != load(b + k) { return false }
            k += 8
        }
        while k < count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }
}
