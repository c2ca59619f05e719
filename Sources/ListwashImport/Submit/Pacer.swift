/// The kind of request, for pacing: bulk imports of one contact and of several have separate
/// per-minute limits; every request counts toward the per-second API limit.
public enum RequestKind: Sendable, Hashable {
    case multiImport
    case singleImport
    case other
}

/// Request limits. ActiveCampaign's: 100 multi-contact and 20 single-contact imports per minute,
/// about 5 requests per second overall. Lower values are allowed; higher ones are not (a test
/// shortens `minute` instead, which scales every window).
public struct PacerLimits: Sendable, Hashable {
    public var importsPerMinute: Int
    public var singleImportsPerMinute: Int
    public var requestsPerSecond: Int
    /// Length of a "minute" in seconds: 60 in a real run; tests shrink it to run in seconds.
    public var minute: Double

    public static let activeCampaign = PacerLimits(importsPerMinute: 100, singleImportsPerMinute: 20, requestsPerSecond: 5, minute: 60)

    public init(importsPerMinute: Int, singleImportsPerMinute: Int, requestsPerSecond: Int, minute: Double) {
        self.importsPerMinute = importsPerMinute
        self.singleImportsPerMinute = singleImportsPerMinute
        self.requestsPerSecond = requestsPerSecond
        self.minute = minute
    }
}

/// Keeps requests under the limits before the server has to say so: a sliding-window log per
/// limit (at most N requests in any window), plus a hold set by `Retry-After`.
///
/// Each request is recorded when it *finishes*, not when it starts: the server saw it no later
/// than that, so spacing the N+1-th start a full window after the first finish keeps the
/// server's own sliding window under the limit whatever the latency was. A value type driven
/// by explicit times, so tests run it on a fake clock.
public struct Pacer: Sendable {
    public var limits: PacerLimits
    var multi: [Double] = []
    var single: [Double] = []
    var all: [Double] = []
    /// No request before this time (from `Retry-After` or a rate-limit answer).
    public private(set) var holdUntil: Double = 0
    /// A little slack on every window, for clock granularity.
    static let slack = 0.002

    public init(limits: PacerLimits) { self.limits = limits }

    /// Seconds to wait, from `now`, before a request of `kind` may start (0: go).
    public func delay(for kind: RequestKind, at now: Double) -> Double {
        var ready = max(holdUntil, 0)
        let second = limits.minute / 60
        ready = max(ready, Self.ready(all, limit: limits.requestsPerSecond, window: second))
        switch kind {
        case .multiImport: ready = max(ready, Self.ready(multi, limit: limits.importsPerMinute, window: limits.minute))
        case .singleImport: ready = max(ready, Self.ready(single, limit: limits.singleImportsPerMinute, window: limits.minute))
        case .other: break
        }
        return max(0, ready - now)
    }

    /// Records a request of `kind` that finished (or failed) at `time`.
    public mutating func record(_ kind: RequestKind, at time: Double) {
        let second = limits.minute / 60
        Self.append(&all, time, keep: limits.requestsPerSecond, window: second)
        switch kind {
        case .multiImport: Self.append(&multi, time, keep: limits.importsPerMinute, window: limits.minute)
        case .singleImport: Self.append(&single, time, keep: limits.singleImportsPerMinute, window: limits.minute)
        case .other: break
        }
    }

    /// Holds every request until `time` (a `Retry-After`).
    public mutating func hold(until time: Double) {
        holdUntil = max(holdUntil, time)
    }

    /// The earliest time the log lets one more request start: when the limit-th most recent
    /// request leaves the window.
    static func ready(_ log: [Double], limit: Int, window: Double) -> Double {
        guard limit > 0, log.count >= limit else { return 0 }
        return log[log.count - limit] + window + slack
    }

    static func append(_ log: inout [Double], _ time: Double, keep: Int, window: Double) {
        log.append(time)
        if log.count > max(keep, 1) * 2 { log.removeFirst(log.count - max(keep, 1)) }
    }
}
