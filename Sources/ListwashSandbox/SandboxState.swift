import Foundation
import ListwashCore

/// Everything the sandbox account holds and counts: queued imports, rate windows, the request
/// log, received callbacks, and (through ``ContactStore``) the contacts.
public actor SandboxState {
    public let configuration: SandboxConfiguration
    let store: ContactStore
    let start = ContinuousClock.now
    var rng: SplitMix64
    var multiWindow: SlidingWindow
    var singleWindow: SlidingWindow
    var allWindow: SlidingWindow
    var imports: [String: SandboxImport] = [:]
    var importOrder: [String] = []
    var log: [JSONValue] = []
    /// Reception times of every import request, admitted or not (the counters tests read).
    var multiTimes: [Double] = []
    var singleTimes: [Double] = []
    var apiTimes: [Double] = []
    var rateLimited = 0
    var faults = 0
    var drops = 0
    var callbacks: [JSONValue] = []
    var callbackResults: [JSONValue] = []

    public init(_ configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        store = try ContactStore(path: configuration.databasePath)
        rng = SplitMix64(seed: configuration.seed ?? UInt64.random(in: 0...UInt64.max))
        multiWindow = SlidingWindow(limit: configuration.importsPerMinute, window: configuration.minute)
        singleWindow = SlidingWindow(limit: configuration.singleImportsPerMinute, window: configuration.minute)
        allWindow = SlidingWindow(limit: configuration.requestsPerSecond, window: configuration.minute / 60)
    }

    /// Seconds since the sandbox started.
    func now() -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// A random added latency, in seconds.
    func latency() -> Double {
        let r = configuration.latency
        return r.upperBound > r.lowerBound ? Double.random(in: r, using: &rng) : r.lowerBound
    }

    /// The checks every `/api/3` request passes before any work: the per-second limit, for
    /// bulk imports the per-minute limits, then the injected faults. Nil: go on.
    func gate(importContacts: Int?) -> SandboxResponse? {
        let t = now()
        apiTimes.append(t)
        if !allWindow.admits(at: t) {
            rateLimited += 1
            return .message(429, "Too Many Requests", headers: [("Retry-After", retryAfterText(allWindow.retryAfter(at: t)))])
        }
        allWindow.record(t)
        if let n = importContacts {
            let single = n == 1
            if single { singleTimes.append(t) } else { multiTimes.append(t) }
            if single ? !singleWindow.admits(at: t) : !multiWindow.admits(at: t) {
                rateLimited += 1
                let wait = (single ? singleWindow : multiWindow).retryAfter(at: t)
                let limit = single ? configuration.singleImportsPerMinute : configuration.importsPerMinute
                let text = "Up to \(limit) \(single ? "single-contact imports" : "imports") may be requested per minute. Please batch contacts into larger requests, or retry this request in a minute."
                if configuration.rateLimitStatus == 429 {
                    return .json(429, .object([("success", .number("0")), ("message", .string("Rate limit exceeded.")), ("failureReasons", .array([.string(text)]))]),
                                 headers: [("Retry-After", retryAfterText(wait))])
                }
                return .json(400, .object([("success", .number("0")), ("message", .string("Rate limit exceeded.")), ("failureReasons", .array([.string(text)]))]))
            }
            if single { singleWindow.record(t) } else { multiWindow.record(t) }
        }
        if configuration.dropRate > 0, Double.random(in: 0..<1, using: &rng) < configuration.dropRate {
            drops += 1
            return .dropped
        }
        if configuration.failRate > 0, Double.random(in: 0..<1, using: &rng) < configuration.failRate {
            faults += 1
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return .message(500, "Internal Server Error")
            case 1: return .message(502, "Bad Gateway")
            default: return .message(503, "Service Unavailable", headers: [("Retry-After", retryAfterText(configuration.minute / 60))])
            }
        }
        return nil
    }

    /// `Retry-After` in whole seconds at real speed; in decimals when the clock is scaled down.
    func retryAfterText(_ seconds: Double) -> String {
        if configuration.minute >= 60 { return String(max(1, Int(seconds.rounded(.up)))) }
        return String(format: "%.3f", max(seconds, 0.001))
    }

    /// Appends one line to the request log.
    func record(method: String, path: String, status: Int, at: Double, contacts: Int? = nil, batchId: String? = nil) {
        var m: [(String, JSONValue)] = [("at", .number(String(format: "%.4f", at))), ("method", .string(method)),
                                        ("path", .string(path)), ("status", .number(String(status)))]
        if let contacts { m.append(("contacts", .number(String(contacts)))) }
        if let batchId { m.append(("batchId", .string(batchId))) }
        log.append(.object(m))
    }

    // MARK: - Imports

    /// Queues a validated import; processing follows after four status steps.
    func queue(contacts: [JSONValue], callback: JSONValue?) -> String {
        let id = UUID().uuidString.lowercased()
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        imports[id] = SandboxImport(batchId: id, receivedAt: now(), forDate: f.string(from: Date()), contacts: contacts, callback: callback)
        importOrder.append(id)
        return id
    }

    /// `/import/info` for one batch; nil when unknown.
    func info(_ batchId: String) -> JSONValue? {
        guard let i = imports[batchId] else { return nil }
        let status = i.status(at: now(), step: configuration.statusStep)
        if i.finalStatus == nil { return .object([("status", status)]) }
        return .object([("status", status), ("success", .array(i.success.map(JSONValue.string))),
                        ("failure", .array(i.failure.map(JSONValue.string)))])
    }

    /// Imports the contacts of `batchId` into the account: excluded contacts fail, the others
    /// are upserted by email. Returns the import as finished.
    func process(_ batchId: String) throws -> SandboxImport? {
        guard var i = imports[batchId], i.finalStatus == nil else { return nil }
        if configuration.importFailRate > 0, Double.random(in: 0..<1, using: &rng) < configuration.importFailRate {
            return fail(batchId, reason: "injected by --import-fail-rate")
        }
        let exclusions = configuration.exclusions
        let outcome = try store.write { db -> (created: [String], failed: [String], updated: Int) in
            var created: [String] = []
            var failed: [String] = []
            var updated = 0
            for c in i.contacts {
                let email = c["email"]?.stringValue ?? ""
                if exclusions.contains(where: { $0.matches(email) }) { failed.append(email); continue }
                let r = try store.upsert(Self.incoming(c), in: db)
                if r.created { created.append(String(r.id)) } else { updated += 1 }
            }
            return (created, failed, updated)
        }
        i.success = outcome.created
        i.failure = outcome.failed
        i.updated = outcome.updated
        i.finalStatus = "completed"
        imports[batchId] = i
        return i
    }

    /// Ends an import as `failed` (nothing imported), as the importer does when it gives up.
    func fail(_ batchId: String, reason: String) -> SandboxImport? {
        guard var i = imports[batchId], i.finalStatus == nil else { return nil }
        i.finalStatus = "failed"
        i.failure = i.emails
        imports[batchId] = i
        record(method: "-", path: "import \(batchId) failed: \(reason)", status: 0, at: now())
        return i
    }

    static func incoming(_ c: JSONValue) -> ContactStore.Incoming {
        var x = ContactStore.Incoming(email: c["email"]?.stringValue ?? "")
        x.firstName = c["first_name"]?.stringValue
        x.lastName = c["last_name"]?.stringValue
        x.phone = c["phone"]?.stringValue
        x.account = c["customer_acct_name"]?.stringValue
        x.tags = (c["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        x.fields = (c["fields"]?.arrayValue ?? []).compactMap { f in f["id"].map { ($0.text, f["value"]?.text ?? "") } }
        x.subscribe = (c["subscribe"]?.arrayValue ?? []).compactMap { $0["listid"]?.text }
        x.unsubscribe = (c["unsubscribe"]?.arrayValue ?? []).compactMap { $0["listid"]?.text }
        return x
    }

    /// `GET /import/bulk_import`: outstanding and recently completed imports, by day.
    func overview() -> JSONValue {
        func group(_ list: [SandboxImport]) -> JSONValue {
            var days: [String: (Int, Int)] = [:]
            for i in list { days[i.forDate, default: (0, 0)].0 += 1; days[i.forDate, default: (0, 0)].1 += i.contacts.count }
            return .array(days.keys.sorted().map { d in
                .object([("forDate", .string(d)), ("batches", .string(String(days[d]!.0))), ("contacts", .string(String(days[d]!.1)))])
            })
        }
        let all = importOrder.compactMap { imports[$0] }
        return .object([("outstanding", group(all.filter { $0.finalStatus == nil })),
                        ("recentlyCompleted", group(all.filter { $0.finalStatus != nil }))])
    }

    // MARK: - Callbacks

    func receivedCallback(_ v: JSONValue) { callbacks.append(v) }
    func sentCallback(_ v: JSONValue) { callbackResults.append(v) }

    // MARK: - What tests read (`/_sandbox/...`)

    /// Every import with its contacts' emails and outcome.
    public func importsJSON() -> JSONValue {
        .object([("imports", .array(importOrder.compactMap { imports[$0] }.map { i in
            .object([("batchId", .string(i.batchId)), ("received_at", .number(String(format: "%.4f", i.receivedAt))),
                     ("status", i.status(at: now(), step: configuration.statusStep)),
                     ("emails", .array(i.emails.map(JSONValue.string))),
                     ("created", .number(String(i.success.count))), ("updated", .number(String(i.updated))),
                     ("failed", .number(String(i.failure.count)))])
        }))])
    }

    /// The request log and the counters: most import requests received in any one minute
    /// (multi and single), most API requests in any one second, and the refusals given.
    public func requestsJSON() -> JSONValue {
        let minute = configuration.minute
        func n(_ x: Int) -> JSONValue { .number(String(x)) }
        var perMinute: [Int: (Int, Int, Int)] = [:]
        for t in multiTimes { perMinute[Int(t / minute), default: (0, 0, 0)].0 += 1 }
        for t in singleTimes { perMinute[Int(t / minute), default: (0, 0, 0)].1 += 1 }
        for t in apiTimes { perMinute[Int(t / minute), default: (0, 0, 0)].2 += 1 }
        let minutes = perMinute.keys.sorted().map { k in
            JSONValue.object([("minute", n(k)), ("imports", n(perMinute[k]!.0)), ("single_imports", n(perMinute[k]!.1)), ("requests", n(perMinute[k]!.2))])
        }
        let counters = JSONValue.object([
            ("imports_max_per_minute", n(SlidingWindow.maxInWindow(multiTimes, window: minute))),
            ("single_imports_max_per_minute", n(SlidingWindow.maxInWindow(singleTimes, window: minute))),
            ("requests_max_per_second", n(SlidingWindow.maxInWindow(apiTimes, window: minute / 60))),
            ("rate_limited", n(rateLimited)), ("faults", n(faults)), ("dropped", n(drops)),
        ])
        return .object([("counters", counters), ("minutes", .array(minutes)), ("requests", .array(log))])
    }

    /// How many API requests have been answered (cheap, for tests that wait on activity).
    public func answeredRequests() -> Int { log.count }

    public func callbacksJSON() -> JSONValue {
        .object([("received", .array(callbacks)), ("sent", .array(callbackResults))])
    }

    public func contactsJSON() throws -> JSONValue {
        .object([("contacts", .array(try store.all()))])
    }
}
