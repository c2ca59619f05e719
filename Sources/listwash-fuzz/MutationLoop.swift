import Foundation
import ListwashCore

/// The fallback fuzzer when libFuzzer is not linked in: seeded random mutations of the seed
/// corpus (bit flips, byte insertions and deletions, interesting bytes, truncation, splicing),
/// for a bounded time. Reproducible: the same seed gives the same sequence of inputs.
struct MutationLoop {
    var seeds: [[UInt8]]
    var rng: SplitMix64

    /// Bytes that matter to the formats being fuzzed.
    static let interesting: [UInt8] = Array("\",;\t|\r\n\\:=<>&'/@.\u{0}".utf8) + [0xFF, 0xC3, 0xEF, 0xBB, 0xBF, 0xFE, 0x80]

    mutating func mutate() -> [UInt8] {
        var b = seeds.isEmpty ? [] : seeds[Int(rng.next() % UInt64(seeds.count))]
        let rounds = 1 + Int(rng.next() % 8)
        for _ in 0..<rounds {
            switch rng.next() % 7 {
            case 0 where !b.isEmpty:
                let i = Int(rng.next() % UInt64(b.count)); b[i] ^= UInt8(1 << (rng.next() % 8))
            case 1:
                let i = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count + 1))
                b.insert(Self.interesting[Int(rng.next() % UInt64(Self.interesting.count))], at: i)
            case 2 where !b.isEmpty:
                b.remove(at: Int(rng.next() % UInt64(b.count)))
            case 3 where !b.isEmpty:
                b = Array(b.prefix(Int(rng.next() % UInt64(b.count))))
            case 4 where !seeds.isEmpty:
                let other = seeds[Int(rng.next() % UInt64(seeds.count))]
                if !other.isEmpty {
                    let cut = Int(rng.next() % UInt64(other.count))
                    b += other[cut...]
                }
            case 5 where !b.isEmpty:
                let i = Int(rng.next() % UInt64(b.count)); b[i] = UInt8(truncatingIfNeeded: rng.next())
            default:
                if b.count > 2 {
                    let i = Int(rng.next() % UInt64(b.count)), j = Int(rng.next() % UInt64(b.count))
                    b.swapAt(i, j)
                }
            }
        }
        return b
    }
}

