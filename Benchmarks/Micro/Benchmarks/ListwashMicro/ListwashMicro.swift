import Benchmark

/// listwash's hot paths, one group per area (issue #9). Every benchmark works on
/// ``Workload/batch`` (1,000) records per iteration with `scalingFactor: .kilo`: in the table,
/// `Throughput (# / s)` is records per second and `Malloc (total) *` is mallocs per record.
/// `Bytes / s` is the input (CSV, emails, JSON Lines) or output (JSON Lines, batch requests)
/// bytes handled per second (the table scales it: `(M)` = megabytes), timed around the loop.
///
/// Run: Benchmarks/micro.sh (see Benchmarks/README.md).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: Metrics.records,
        timeUnits: .nanoseconds,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 100_000,
        thresholds: Metrics.thresholds
    )
    csvBenchmarks()
    emailBenchmarks()
    normalizeBenchmarks()
    jsonLinesBenchmarks()
    dedupeBenchmarks()
    batchBenchmarks()
}

/// The metrics shown.
enum Metrics {
    /// Every benchmark: records per second, wall time and mallocs (per record, scaled). No CPU
    /// time: Linux reports it in 10 ms ticks, far coarser than one record.
    static let records: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]
    /// Benchmarks that also report bytes per second.
    static let bytes = records + [bytesPerSecond]
    /// What `micro.sh check` tolerates: 10% at p25 and p50 for the timing metrics (a shared
    /// 2-core machine is noisy; p75 and above are noise), the package's default for mallocs.
    static var thresholds: [BenchmarkMetric: BenchmarkThresholds] {
        let timing = BenchmarkThresholds(relative: [.p25: 10, .p50: 10])
        return [.throughput: timing, .wallClock: timing, bytesPerSecond: timing]
    }

    /// Bytes handled per second (not scaled by the 1,000 records of an iteration).
    static let bytesPerSecond = BenchmarkMetric.custom("Bytes / s", polarity: .prefersLarger, useScalingFactor: false)
}

extension Benchmark {
    /// Runs `body` (one iteration's work, returning the bytes it read or wrote) and records
    /// bytes / elapsed as ``Metrics/bytesPerSecond``.
    func timed(_ body: () throws -> Int) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        let bytes = try body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if seconds > 0 { measurement(Metrics.bytesPerSecond, Int(Double(bytes) / seconds)) }
    }
}
