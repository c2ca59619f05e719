import Foundation
import ListwashCore
import Logging

/// `listwash submit`: sends a batch folder to ActiveCampaign (or the sandbox), paced under the
/// rate limits, retrying transient failures with backoff, polling each batch to its end, and
/// recording every step in the ``SubmitLedger`` first, so a crash, a Ctrl-C or a flaky network
/// never loses or doubles an import (DESIGN §5).
///
/// One request is in flight at a time: the pacer, not concurrency, sets the pace (100 imports a
/// minute is one every 0.6 s; a request to the importer takes milliseconds), and it means at
/// most one batch can be "maybe sent" when the process dies.
public final class Submitter {
    public let configuration: SubmitConfiguration
    /// Held for the run: no second submit on this ledger meanwhile.
    private let lock: SubmitLock
    /// Held for the run: no `batch` rewrites the folder meanwhile (nil: it could not be opened).
    private let folderLock: BatchFolderLock?
    let ledger: SubmitLedger
    let client: APIClient
    var pacer: Pacer
    var progress: SubmitProgress
    let logger: Logger
    let start = ContinuousClock.now
    var files: [String: BatchFile] = [:]
    /// Per-batch scheduling for this run.
    var schedule: [Int64: BatchSchedule] = [:]
    var requests = 0
    var retries = 0
    var tagIds: [String: String] = [:]
    var unfinishedPolls: [String] = []
    var random = SystemRandomNumberGenerator()
    /// Whether any request of this run got an HTTP answer.
    var answered = false
    /// Requests in a row that could not connect (refused, unknown host).
    var unreachableInARow = 0

    /// Where a batch stands in this run (the ledger holds what survives the run).
    struct BatchSchedule {
        var notBefore: Double = 0
        var attempts = 0
        /// Rate-limit answers waited out (not attempts: the server asked for a later try).
        var rateLimitWaits = 0
        var pollErrors = 0
        var pollStarted: Double?
        /// Why the next send may double an earlier one (a crash or an ambiguous failure).
        var resendReason: String?
    }

    public init(_ configuration: SubmitConfiguration, logger: Logger = Logger(label: "listwash.submit")) throws(SubmitError) {
        self.configuration = configuration
        // The folder first: a wrong path would otherwise read as a ledger that cannot be opened.
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: configuration.directory, isDirectory: &isDirectory)
        guard exists, isDirectory.boolValue else {
            throw .folder(path: configuration.directory,
                          message: "is not a batch folder (\(exists ? "it is a file" : "no such directory")); give the folder 'listwash batch -o' wrote")
        }
        switch BatchFolderLock.take(configuration.directory, mode: .send) {
        case .held(let l): folderLock = l
        case .notLockable: folderLock = nil
        case .busy:
            throw .usage("another listwash is writing batches into '\(configuration.directory)' (batch, run or audit); sending them now would send a folder half rewritten",
                         fix: "wait for it to finish, then run this command again")
        }
        lock = try SubmitLock(ledgerPath: configuration.ledgerPath)
        ledger = try SubmitLedger(path: configuration.ledgerPath)
        client = APIClient(baseURL: configuration.baseURL, token: configuration.token, timeout: configuration.timeout)
        pacer = Pacer(limits: configuration.limits)
        progress = SubmitProgress(enabled: configuration.progress, limits: configuration.limits)
        self.logger = logger
    }

    /// Seconds since the run started.
    func now() -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func sleep(_ seconds: Double) async {
        guard seconds > 0 else { return }
        // Cancellation only shortens the wait; the loop re-checks its state afterwards.
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))  // cancelled: the caller stops anyway
    }

    func jitter() -> Double { Double.random(in: 0..<1, using: &random) }

    /// Runs the submission to its end (or until nothing more can be done in this run) and
    /// writes `results.jsonl`, `submit-rejects.jsonl` and the summary.
    public func run() async throws(SubmitError) -> SubmitSummary {
        let folder = try BatchFolder.read(configuration.directory)
        for f in folder { files[f.sha256] = f }
        try ledger.bind(target: configuration.baseURL.absoluteString)
        if configuration.retryFailed {
            let n = try ledger.replanFailed()
            if n > 0 { logger.info("re-planned \(n) failed batches") }
        }
        let total = folder.reduce(0) { $0 + $1.contacts.count }
        let known = try ledger.batches()
        // The contacts API drops what only the bulk importer carries: such a folder goes in bulk.
        let bulkOnly = BatchFolder.onlyBulkImportCarries(folder)
        let small = total <= configuration.smallImportThreshold
        if small && !bulkOnly.isEmpty && known.isEmpty {
            logger.notice("\(total) contacts go through the bulk importer, not /contact/sync: the contacts API would drop \(bulkOnly.joined(separator: ", "))")
        }
        let route: SubmitRoute = known.first?.route ?? (small && bulkOnly.isEmpty ? .sync : .bulk)
        if route == .sync && !configuration.smallRoute && known.allSatisfy({ $0.state == .planned }) {
            throw .smallImportRefused(contacts: total, directory: configuration.directory)
        }
        try ledger.plan(folder, route: route)

        var failure: SubmitError?
        do { try await loop() } catch { failure = error }
        progress.finish()
        let summary = try SubmitReport.write(ledger: ledger, files: files, directory: configuration.directory,
                                             requests: requests, retries: retries, seconds: now(),
                                             unfinished: unfinishedPolls)
        if let failure { throw failure }
        return summary
    }

    /// The batches of this folder, fresh from the ledger.
    func rows() throws(SubmitError) -> [BatchRow] {
        try ledger.batches().filter { files[$0.sha256] != nil }
    }

    func loop() async throws(SubmitError) {
        // A batch left in `sending` by an earlier run may have reached the server: its re-send is recorded.
        for row in try rows() where row.state == .sending {
            schedule[row.id, default: BatchSchedule()].resendReason = "was in flight when an earlier run stopped"
        }
        while true {
            let all = try rows()
            progress.update(all, requests: requests, at: now())
            let toSend = all.filter { $0.state == .planned || $0.state == .sending }
            let toPoll = all.filter { $0.state == .queued && !unfinishedPolls.contains($0.file) }
            if toSend.isEmpty && toPoll.isEmpty { return }
            let t = now()

            var sendAt = Double.infinity
            var next: BatchRow?
            if let row = toSend.min(by: { (schedule[$0.id]?.notBefore ?? 0, $0.file) < (schedule[$1.id]?.notBefore ?? 0, $1.file) }) {
                let kind = try row.route == .sync ? RequestKind.other : importKind(row)
                sendAt = max(schedule[row.id]?.notBefore ?? 0, t + pacer.delay(for: kind, at: t))
                next = row
            }
            var pollAt = Double.infinity
            var pollRow: BatchRow?
            for row in toPoll {
                let due = max(schedule[row.id]?.notBefore ?? 0, t + pacer.delay(for: .other, at: t))
                if due < pollAt { pollAt = due; pollRow = row }
            }
            let wake = min(sendAt, pollAt)
            if wake > t {
                await sleep(min(wake - t, 0.25))
                continue
            }
            if let row = next, sendAt <= pollAt {
                if row.route == .sync { try await sendSync(row) } else { try await sendBulk(row) }
            } else if let row = pollRow {
                try await poll(row)
            }
        }
    }

    /// Single-contact requests have their own, lower limit.
    func importKind(_ row: BatchRow) throws(SubmitError) -> RequestKind {
        let rejected = try ledger.outcomes(batch: row.id).filter { $0.kind == .rejected }.count
        return row.contacts - rejected == 1 ? .singleImport : .multiImport
    }

    /// Sends one request and records it with the pacer.
    func request(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil, kind: RequestKind) async -> Result<HTTPReply, TransportFailure> {
        requests += 1
        let result = await client.send(method, path, query: query, body: body)
        pacer.record(kind, at: now())
        if case .success(let reply) = result, let after = reply.retryAfter, reply.status == 429 || reply.status == 503 || reply.status == 400 {
            pacer.hold(until: now() + after)
        }
        switch result {
        case .success: answered = true; unreachableInARow = 0
        case .failure(let f): unreachableInARow = f.maybeDelivered ? 0 : unreachableInARow + 1
        }
        return result
    }

    /// Stops the run when nothing has answered yet and the last `--max-attempts` requests could
    /// not connect: the base URL is wrong or the server is down. Each batch used to spend its
    /// own attempts and backoff on it (64 requests and 100 s for 8 batches; hours for a big
    /// import), then was `failed`, which a plain re-run does not send.
    func stopIfUnreachable(_ failure: TransportFailure) throws(SubmitError) {
        guard !answered, !failure.maybeDelivered, unreachableInARow >= configuration.maxAttempts else { return }
        throw .unreachable(message: failure.message)
    }

    /// Rate-limit answers one batch waits out before it is `failed`: an hour of "retry in a
    /// minute" (another integration holding the account's whole quota).
    static let maxRateLimitWaits = 60

    /// Schedules a rate-limited batch after `wait`. Not an attempt (the server did what it
    /// documents and asked for a later try), so a shared quota does not use up
    /// `--max-attempts`; past ``maxRateLimitWaits`` the batch is `failed`.
    @discardableResult
    func waitOutRateLimit(_ row: BatchRow, _ message: String, wait: Double) throws(SubmitError) -> Bool {
        var s = schedule[row.id, default: BatchSchedule()]
        s.rateLimitWaits += 1
        if s.rateLimitWaits > Self.maxRateLimitWaits {
            schedule[row.id] = s
            try ledger.finish(row.id, state: .failed, error: "still rate limited after \(Self.maxRateLimitWaits) waits: \(message)", outcomes: [])
            logger.error("\(row.file): failed: still rate limited after \(Self.maxRateLimitWaits) waits (is another integration using the account's import quota?): \(message)")
            return false
        }
        retries += 1
        s.notBefore = now() + wait
        schedule[row.id] = s
        return true
    }

    /// Schedules the next attempt of `row` after a transient failure, or fails the batch when
    /// its attempts for this run are spent. Returns whether another attempt follows.
    @discardableResult
    func retryLater(_ row: BatchRow, _ message: String, retryAfter: Double?) throws(SubmitError) -> Bool {
        var s = schedule[row.id, default: BatchSchedule()]
        s.attempts += 1
        if s.attempts >= configuration.maxAttempts {
            schedule[row.id] = s
            let tries = "\(s.attempts) attempt\(s.attempts == 1 ? "" : "s")"
            try ledger.finish(row.id, state: .failed, error: "gave up after \(tries): \(message)", outcomes: [])
            logger.error("\(row.file): failed after \(tries): \(message)")
            return false
        }
        retries += 1
        let wait = retryAfter ?? configuration.backoff.delay(attempt: s.attempts, unit: jitter())
        s.notBefore = now() + wait
        schedule[row.id] = s
        return true
    }
}

extension Submitter {
    /// The most rejects of one batch warned one by one; the rest are counted in one line.
    static let rejectWarningsPerBatch = 5

    /// Warns of a batch's rejected contacts, each with its origin: the first few one by one, then
    /// how many more (a whole failed batch would print 250 lines). Every one of them is in
    /// `submit-rejects.jsonl` and `results.jsonl`.
    func warnRejects(_ outcomes: [ContactOutcome], of file: BatchFile, code: RejectCode, detail: (ContactOutcome) -> String) {
        for o in outcomes.prefix(Self.rejectWarningsPerBatch) {
            logger.warning("\(file.origin(of: o.index)): reject \(code.rawValue): \(detail(o))")
        }
        let more = outcomes.count - Self.rejectWarningsPerBatch
        if more > 0 {
            logger.warning("\(file.name): \(more) more \(code.rawValue) reject\(more == 1 ? "" : "s") in this batch (every one is in submit-rejects.jsonl)")
        }
    }
}
