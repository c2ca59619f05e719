import ListwashStages
import Testing

/// The flat fingerprint table through many growths, including the mapped blocks whose pages
/// `grow()` hands back to the system while it reads them.
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
