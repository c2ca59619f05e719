/// The bytes a JSON string must escape, tested eight at a time: what lets the scanner and the
/// writer skip the clean stretches of a value (nearly all of it) without a per-byte loop.
enum JSONEscaping {
    /// Whether any of the eight bytes of `w` is below 0x20, `"` or `\` (the bytes JSON escapes),
    /// by the exact "has a byte less than n / has a zero byte" word tricks.
    @inline(__always) static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- 0x20 &* ones) & ~w & high
        let q = w ^ (0x22 &* ones)
        let quote = (q &- ones) & ~q & high
        let b = w ^ (0x5C &* ones)
        let backslash = (b &- ones) & ~b & high
        return (control | quote | backslash) != 0
    }
}
