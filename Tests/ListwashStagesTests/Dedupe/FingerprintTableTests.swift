import Testing
@testable import ListwashStages

/// The flat fingerprint table through many growths, including the mapped blocks that grow where
/// they are and have their entries moved within them (`rehashInPlace`).
struct FingerprintTableTests {
    /// Distinct, well-spread fingerprints (splitmix64), with zero among them on purpose.
    static func fingerprint(_ i: Int) -> Fingerprint128 {
        if i == 0 { return Fingerprint128(hi: 0, lo: 0) }
        var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Fingerprint128(hi: z ^ (z >> 31), lo: UInt64(i))
    }

    @Test func growingPastTheMappedSizeKeepsEveryEntry() {
        // 400,000 entries of 24-byte slots end in a block of about 13 MiB: several growths
        // read and release mapped blocks.
        var table = FingerprintTable<UInt64>(filler: 0)
        let n = 400_000
        for i in 0..<n { #expect(table.insertIfAbsent(Self.fingerprint(i), UInt64(i) + 7) == nil) }
        #expect(table.count == n)
        #expect(table.bytes > 4 << 20)
        var wrong = 0
        for i in 0..<n where table.find(Self.fingerprint(i)) != UInt64(i) + 7 { wrong += 1 }
        #expect(wrong == 0)
        for i in stride(from: 0, to: n, by: 997) { #expect(table.insertIfAbsent(Self.fingerprint(i), 1) == UInt64(i) + 7) }
        #expect(table.find(Self.fingerprint(n)) == nil)
        #expect(table.growthsInPlace > 0)
    }

    /// Keys crowded into a few stretches of the table, one of them at its very end, so that long
    /// runs of probing wrap around to the start: the in-place move must still leave every key
    /// findable from its home, with the right payload. Also with a filler payload other than
    /// zero, whose empty slots the grown part must be given.
    @Test(arguments: [UInt64(0), 99])
    func crowdedKeysThatWrapAroundSurviveGrowingInPlace(filler: UInt64) {
        var table = FingerprintTable<UInt64>(filler: filler)
        let n = 200_000
        // The high word picks the home slot: one key in 50 has its home in the last 1/1024 of
        // the table (a run of thousands that wraps around), one in 50 in a stretch as short in
        // the middle, the rest spread.
        func key(_ i: Int) -> Fingerprint128 {
            let spread = Self.fingerprint(i + 1)
            switch i % 50 {
            case 0: return Fingerprint128(hi: ~(spread.hi >> 10), lo: UInt64(i) + 1)
            case 1: return Fingerprint128(hi: 0x8000_0000_0000_0000 | (spread.hi >> 10), lo: UInt64(i) + 1)
            default: return Fingerprint128(hi: spread.hi, lo: UInt64(i) + 1)
            }
        }
        var added = 0
        for i in 0..<n where table.insertIfAbsent(key(i), UInt64(i) + 1000) == nil { added += 1 }
        #expect(added == n)
        #expect(table.growthsInPlace > 0)
        #expect(table.count == n)
        var wrong = 0
        for i in 0..<n where table.find(key(i)) != UInt64(i) + 1000 { wrong += 1 }
        #expect(wrong == 0)
        #expect(table.find(key(n)) == nil)
        #expect(table.insertIfAbsent(key(n), 5) == nil)
        #expect(table.find(key(n)) == 5)
    }

    @Test func aCopyKeepsItsEntriesWhenTheOriginalGrows() {
        var table = FingerprintTable<UInt64>(filler: 0)
        let first = 150_000
        for i in 0..<first { _ = table.insertIfAbsent(Self.fingerprint(i), UInt64(i)) }
        let copy = table  // shares the mapped block until one of them changes
        for i in first..<(first * 3) { _ = table.insertIfAbsent(Self.fingerprint(i), UInt64(i)) }
        #expect(copy.count == first)
        var wrong = 0
        for i in 0..<first where copy.find(Self.fingerprint(i)) != UInt64(i) { wrong += 1 }
        #expect(wrong == 0)
        #expect(copy.find(Self.fingerprint(first)) == nil)
        #expect(table.count == first * 3)
    }
}
