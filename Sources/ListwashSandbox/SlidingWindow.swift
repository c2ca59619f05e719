/// Timestamps of admitted requests, counted over a sliding window (the sandbox's rate limits).
struct SlidingWindow: Sendable {
    var limit: Int
    var window: Double
    var times: [Double] = []

    /// Whether one more request at `now` stays within the limit (0 = unlimited).
    mutating func admits(at now: Double) -> Bool {
        guard limit > 0 else { return true }
        times.removeAll { $0 <= now - window }
        return times.count < limit
    }

    mutating func record(_ now: Double) { times.append(now) }

    /// Seconds until one more request would be admitted.
    func retryAfter(at now: Double) -> Double {
        guard limit > 0, times.count >= limit else { return 0 }
        return max(0, times[times.count - limit] + window - now)
    }

    /// The most timestamps of `times` that fall within any one window of length `window`.
    static func maxInWindow(_ times: [Double], window: Double) -> Int {
        let t = times.sorted()
        var best = 0
        var i = 0
        for j in t.indices {
            while t[j] - t[i] >= window { i += 1 }
            best = max(best, j - i + 1)
        }
        return best
    }
}
