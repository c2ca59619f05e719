import ListwashImport
import PropertyBased
import Testing

/// The pacer on a fake clock: explicit times in, waits out.
struct PacerTests {
    static let limits = PacerLimits(importsPerMinute: 100, singleImportsPerMinute: 20, requestsPerSecond: 5, minute: 60)

    /// Drives a pacer like the submitter does: wait as told, send, record at the finish.
    static func simulate(_ kinds: [RequestKind], limits: PacerLimits, latency: Double) -> [(kind: RequestKind, start: Double, end: Double)] {
        var pacer = Pacer(limits: limits)
        var t = 0.0
        var log: [(RequestKind, Double, Double)] = []
        for k in kinds {
            t += pacer.delay(for: k, at: t)
            let end = t + latency
            log.append((k, t, end))
            pacer.record(k, at: end)
            t = end
        }
        return log
    }

    /// The most starts of `kind` within any window of `window` seconds.
    static func maxStarts(_ log: [(kind: RequestKind, start: Double, end: Double)], _ kind: RequestKind?, window: Double) -> Int {
        let t = log.filter { kind == nil || $0.kind == kind }.map(\.start).sorted()
        var best = 0, i = 0
        for j in t.indices {
            while t[j] - t[i] >= window { i += 1 }
            best = max(best, j - i + 1)
        }
        return best
    }

    @Test func firstRequestsGoAtOnce() {
        let pacer = Pacer(limits: Self.limits)
        #expect(pacer.delay(for: .multiImport, at: 0) == 0)
        #expect(pacer.delay(for: .singleImport, at: 0) == 0)
    }

    @Test func hundredAndFirstImportWaitsForTheWindow() {
        var pacer = Pacer(limits: PacerLimits(importsPerMinute: 100, singleImportsPerMinute: 20, requestsPerSecond: 1000, minute: 60))
        for i in 0..<100 { pacer.record(.multiImport, at: Double(i) * 0.1) }
        let wait = pacer.delay(for: .multiImport, at: 10)
        #expect(wait > 49.9 && wait < 50.1)  // the first finished at 0: free again at 60
        #expect(pacer.delay(for: .other, at: 10) == 0)
    }

    @Test func singleContactImportsHaveTheirOwnLowerLimit() {
        let log = Self.simulate(Array(repeating: .singleImport, count: 45), limits: Self.limits, latency: 0.05)
        #expect(Self.maxStarts(log, .singleImport, window: 60) <= 20)
        #expect(log.last!.start > 120)  // 45 single imports need more than two minutes
    }

    @Test func retryAfterHoldsEveryRequest() {
        var pacer = Pacer(limits: Self.limits)
        pacer.hold(until: 7.5)
        #expect(pacer.delay(for: .other, at: 2) == 5.5)
        #expect(pacer.delay(for: .multiImport, at: 8) == 0)
    }

    @Test func aScaledMinuteScalesEveryWindow() {
        let limits = PacerLimits(importsPerMinute: 10, singleImportsPerMinute: 2, requestsPerSecond: 5, minute: 0.6)
        let log = Self.simulate(Array(repeating: .multiImport, count: 30), limits: limits, latency: 0.001)
        #expect(Self.maxStarts(log, .multiImport, window: 0.6) <= 10)
        #expect(Self.maxStarts(log, nil, window: 0.01) <= 5)
    }

    @Test func randomMixesNeverExceedAnyLimit() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...2).map { [RequestKind.multiImport, .singleImport, .other][$0] }.array(of: 1...300),
                            Gen.int(in: 0...200)) { kinds, latencyMs in
            let log = Self.simulate(kinds, limits: Self.limits, latency: Double(latencyMs) / 1000)
            #expect(Self.maxStarts(log, .multiImport, window: 60) <= 100)
            #expect(Self.maxStarts(log, .singleImport, window: 60) <= 20)
            #expect(Self.maxStarts(log, nil, window: 1) <= 5)
            // And as the server sees it: arrivals anywhere between start and end.
            let ends = log.filter { $0.kind == .multiImport }.map(\.end)
            let starts = log.filter { $0.kind == .multiImport }.map(\.start)
            if ends.count > 100 {
                for k in 100..<starts.count { #expect(starts[k] - ends[k - 100] >= 60) }
            }
        }
    }

    @Test func backoffGrowsExponentiallyWithJitterAndACap() {
        let b = Backoff(base: 1, cap: 30)
        #expect(b.delay(attempt: 1, unit: 0) == 0.5)
        #expect(b.delay(attempt: 1, unit: 0.999_999) < 1.000_001)
        #expect(b.delay(attempt: 4, unit: 1) == 8)
        #expect(b.delay(attempt: 4, unit: 0) == 4)
        #expect(b.delay(attempt: 20, unit: 1) == 30)
        #expect(b.delay(attempt: 20, unit: 0) == 15)
    }
}
