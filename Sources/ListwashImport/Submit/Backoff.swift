/// Exponential backoff with jitter for transient failures (429, 5xx, timeouts, resets): attempt
/// n waits `base · 2^(n-1)`, capped at `cap`, times a random factor in [0.5, 1] so that clients
/// retrying together spread out.
public struct Backoff: Sendable, Hashable {
    public var base: Double
    public var cap: Double

    public init(base: Double, cap: Double) {
        self.base = base
        self.cap = cap
    }

    /// The wait before retry number `attempt` (1-based), with `unit` a random value in [0, 1).
    public func delay(attempt: Int, unit: Double) -> Double {
        let exp = base * Double(1 << min(max(attempt - 1, 0), 30))
        return min(cap, exp) * (0.5 + 0.5 * unit)
    }
}
