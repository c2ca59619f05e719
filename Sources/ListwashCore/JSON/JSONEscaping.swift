/// The bytes a JSON string must escape, tested eight at a time: what lets the scanner and the
/// writer skip the clean stretches of a value (nearly all of it) without a per-byte loop.
enum JSONEscaping {
    /// Whether any of the eight bytes of `w` is below 0x20, `"` or `\` (the bytes JSON escapes),
    /// by the exact "has a byte less than n / has a zero byte" word tricks.
    @inline(__always) static func needsEscape(_ w: UInt64) -> Bool { escapeMask(w) != 0 }

    /// The high bit of each byte of `w` that JSON escapes, exact up to the first such byte (the
    /// tricks may also mark a byte after it): `trailingZeroBitCount / 8` is the offset of the
    /// first one in memory order on this little-endian machine.
    @inline(__always) static func escapeMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- 0x20 &* ones) & ~w & high
        let q = w ^ (0x22 &* ones)
        let quote = (q &- ones) & ~q & high
        let b = w ^ (0x5C &* ones)
        let backslash = (b &- ones) & ~b & high
        return control | quote | backslash
    }

    /// The bytes of a word before offset `k` (0 ..< 8): a mask to keep them.
    @inline(__always) static func below(_ k: Int) -> UInt64 { (1 &<< UInt64(k &* 8)) &- 1 }
}
