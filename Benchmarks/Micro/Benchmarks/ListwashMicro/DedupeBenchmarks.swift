import Benchmark
import ListwashCore
import ListwashStages

/// The dedupe index: ``Fingerprint128`` of the normalized email (keyed SipHash-style 128-bit
/// fingerprint), ``FingerprintTable`` insert into a fresh table and lookup in a table of 1M
/// entries (cache misses, as in a real run), and the whole ``DedupeStage`` per record.
func dedupeBenchmarks() {
    let emails = Workload.emailBytes
    let key = FingerprintKey(k0: 0x0123_4567_89AB_CDEF, k1: 0xFEDC_BA98_7654_3210)
    let fingerprints = emails.map { Fingerprint128($0, key: key) }

    Benchmark("Dedupe/fingerprint email") { benchmark in
        var x: UInt64 = 0
        for e in emails { x ^= Fingerprint128(e, key: key).lo }
        blackHole(x)
    }

    Benchmark("Dedupe/insertIfAbsent (fresh table, ~10% repeats)") { benchmark in
        var table = FingerprintTable<Int32>(filler: -1)
        var repeats = 0
        for (i, f) in fingerprints.enumerated() where table.insertIfAbsent(f, Int32(i)) != nil { repeats &+= 1 }
        blackHole(repeats)
    }

    // 1M other fingerprints, then the workload's: half the lookups hit, half miss.
    let big: FingerprintTable<Int32> = {
        var t = FingerprintTable<Int32>(expected: 1_000_500, filler: -1)
        var rng = SplitMix64(seed: 7)
        for i in 0..<1_000_000 { _ = t.insertIfAbsent(Fingerprint128(hi: rng.next(), lo: rng.next()), Int32(i)) }
        for (i, f) in fingerprints.enumerated() where i % 2 == 0 { _ = t.insertIfAbsent(f, Int32(i)) }
        return t
    }()
    Benchmark("Dedupe/find (1M-entry table, 50% hits)") { benchmark in
        var hits = 0
        for f in fingerprints where big.find(f) != nil { hits &+= 1 }
        precondition(hits >= fingerprints.count / 2)
        blackHole(hits)
    }

    Benchmark("Dedupe/DedupeStage.process (fresh stage, key email)") { benchmark in
        let records = Workload.live
        do {
            var stage = try DedupeStage(settings: .emptyMap, context: StageContext())
            var out = StageOutput()
            for r in records { stage.process(r, into: &out) }
            stage.finish(into: &out)
            blackHole(out.records.count)
        } catch {
            fatalError("dedupe with default settings does not build: \(error)")
        }
    }
}
