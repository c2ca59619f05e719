import Crypto
import ListwashCore

/// The batch stage (DESIGN §3 `batch`): the sink that turns records into ActiveCampaign
/// bulk-import requests (`batch-00001.json`, ...), `manifest.json` and `rejects.jsonl` (and with
/// `rejects_csv` `rejects.csv`, for spreadsheets), and
/// beside each request (unless `source_map: false`) `batch-00001.src.jsonl`: one
/// `{"_src":{...}}` line per contact, in order, which `submit` uses to map the API's per-contact
/// failures back to file and line.
///
/// - Each live record is serialized once, straight into the batch being filled
///   (``ContactPayload``), so its exact byte count is known: a batch is closed when the next
///   contact would take it over 250 contacts or 399,999 bytes (or the run's lower limits).
/// - A contact whose email is already in the current batch (same address, case aside) closes the
///   batch and opens the next: the API reports outcomes by email, so emails must be unique within
///   a request, and record order (a later record updates an earlier one) is kept. `dedupe` before
///   `batch` makes this never happen; the manifest counts it as `repeated_email_splits`.
/// - A contact too large for a request on its own is rejected (`contact_too_large`); so are live
///   records without an email (`email_missing`), with an email of the wrong shape
///   (`email_invalid`) or with a custom field that is not a numeric id (`field_id_invalid`).
/// - Streaming: at most two batches are in memory, the one being filled and the one before it,
///   held back so the tail can be balanced (``TailBalancer``) before both are written.
/// - Every batch passes ``BatchValidator`` before its file is written through a temporary name.
///
/// The ledger: `in` = every record consumed, `out` = contacts in batches, `rejected` by code,
/// upstream rejects included. ``plan`` holds the summary once ``finish()`` has run.
public struct BatchWriter {
    public static let spec = BatchSettings.spec

    public let settings: BatchSettings
    /// The batches written, totals, rejects and warnings; set by ``finish()``.
    public private(set) var plan: BatchPlan? {
        didSet { finished = plan != nil }
    }
    /// Whether ``finish()`` has run (`plan != nil`), kept apart for the per-record checks:
    /// comparing the optional plan with nil copied and destroyed it through the generic
    /// runtime, twice per record (0.8 % of `run`).
    private var finished = false

    private let payload: ContactPayload
    private let envelope: RequestEnvelope
    private let directory: BatchDirectory?
    private var ledger = Ledger(stage: "batch")
    /// The batch being filled.
    private var current: PendingBatch
    /// The full batch before it, held back for tail balancing (empty when none).
    private var previous: PendingBatch
    private var rejects: RejectsOutput?
    private var entries: [BatchPlan.Entry] = []
    private var repeatedEmailSplits = 0
    private var warnings: [String] = []

    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        self.init(settings: try BatchSettings(settings: settings, environment: context.environment), context: context)
    }

    /// A writer for settings already read (tests, the audit).
    public init(settings: BatchSettings, context: StageContext = StageContext()) {
        self.settings = settings
        payload = ContactPayload(settings: settings)
        envelope = RequestEnvelope(settings: settings)
        directory = settings.planOnly ? nil : settings.out.map { BatchDirectory(path: context.resolve($0), fsync: settings.fsync) }
        let capacity = min(settings.maxBytes, 1 << 16)
        current = PendingBatch(capacity: capacity)
        previous = PendingBatch(capacity: capacity)
    }

    /// Takes one record (live or rejected).
    /// - Parameter line: the JSON line `record` was read from, when it is unchanged since
    ///   (``ContactRecord/isUnchangedSinceDecoding``); a record rejected upstream is then written
    ///   to `rejects.jsonl` as that line instead of being encoded again.
    public mutating func consume(_ record: ContactRecord, line: [UInt8]? = nil) throws {
        guard !finished else { throw BatchWriteError.write(path: settings.out ?? "-", message: "a record arrived after the end of the stream") }
        ledger.input += 1
        if record.isRejected { return try reject(record, asLine: record.isUnchangedSinceDecoding ? line : nil) }
        let fieldIDs: [Int]
        switch Self.check(record) {
        case .refused(let problem): return try reject(record.rejected(problem))
        case .accepted(let ids): fieldIDs = ids
        }
        let email = record.email ?? ""
        let key = EmailCheck.key(email)
        try makeRoom(for: key)
        let start = current.beginContact()
        payload.write(record, fieldIDs: fieldIDs, to: &current.body)
        let size = current.body.count - start
        if envelope.overhead + size > settings.maxBytes {
            _ = current.rollBack(start: start, key: key)
            return try reject(record.rejected(Reject(
                code: .contactTooLarge, stage: "batch",
                reason: "the contact takes \(size) bytes, more than the \(settings.maxBytes - envelope.overhead) a request of at most \(settings.maxBytes) bytes leaves for it",
                fix: "shorten its longest values (custom fields, tags, names)")))
        }
        try commit(start: start, key: key, source: record.source)
    }

    /// A live record as the writer finds it (``check(_:)``).
    public enum RecordCheck: Sendable {
        /// Fit for a request, with its custom fields' ids in order.
        case accepted(fieldIDs: [Int])
        /// Refused, with the reject the writer gives it.
        case refused(Reject)
    }

    /// What the writer holds a live record to before it goes into a request: an email with the
    /// basic shape (``EmailCheck``), and custom fields named by ActiveCampaign field ids. The
    /// record's parsed field ids, or the reject it gets here. `audit` of a pipe applies the same
    /// checks, so records that skipped `normalize` are not counted as importable.
    public static func check(_ record: ContactRecord) -> RecordCheck {
        guard let email = record.email, !email.isEmpty else {
            return .refused(Reject(
                code: .emailMissing, stage: "batch", reason: "the record has no email address, which every bulk-import contact needs",
                fix: "run 'listwash normalize' before 'listwash batch', or map the email column when parsing"))
        }
        guard EmailCheck.hasBasicShape(email) else {
            return .refused(Reject(
                code: .emailInvalid, stage: "batch", reason: "'\(email)' is not an address the bulk-import API accepts (one '@', a dot in the domain, no spaces, no control or invisible characters)",
                fix: "run 'listwash normalize' before 'listwash batch'"))
        }
        switch ContactPayload.fieldIDs(record) {
        case .success(let ids): return .accepted(fieldIDs: ids)
        case .failure(let e):
            return .refused(Reject(
                code: .fieldIDInvalid, stage: "batch", reason: "custom field '\(e.key)' is not an ActiveCampaign field id (a positive number)",
                fix: "map custom field names to their numeric ids (the account's Settings > Fields list them)"))
        }
    }

    /// The properties ``consume(_:contactLine:)`` needs decoded; the others may be absent.
    public static let contactLineFields: RecordFieldSet = .email

    /// Whether ``consume(_:contactLine:)`` can take records at all: no run-level tags, lists or
    /// `exclude_automations` to merge into each contact.
    public var takesContactLines: Bool { payload.isPlain }

    /// Takes a live record as ``consume(_:line:)`` would, copying its contact object from
    /// `line`, the JSON line it was read from (``ContactLine``), when the line holds that
    /// object as ``ContactPayload`` writes it. `record` needs only ``contactLineFields``.
    ///
    /// Returns false, having changed nothing, when the general way must take the record (whole):
    /// the line does not hold the object, or the record would be rejected here.
    public mutating func consume(_ record: ContactRecord, contactLine line: UnsafeBufferPointer<UInt8>) throws -> Bool {
        guard !record.isRejected, let email = record.email, !email.isEmpty, EmailCheck.hasBasicShape(email) else { return false }
        return try consume(email: email, source: record.source, contactLine: line)
    }

    /// ``consume(_:line:)`` for a line glanced at (``RecordGlance``), making no record: a
    /// record rejected upstream is counted and written to `rejects.jsonl` as its line, a live
    /// one copied from it as ``consume(_:contactLine:)`` copies it. Returns false, having
    /// changed nothing, when the line must be decoded whole and given to ``consume(_:line:)``:
    /// for `rejects.csv`, or a contact this way does not take.
    public mutating func consume(glance: RecordGlance, line: UnsafeBufferPointer<UInt8>) throws -> Bool {
        guard !finished else { return false }
        if let reject = glance.reject {
            guard !settings.rejectsCSV else { return false }
            ledger.input += 1
            ledger.countOut(reject: reject)
            try openRejects()
            try rejects?.append(line: line)
            return true
        }
        guard let range = glance.email else { return false }
        let bytes = UnsafeBufferPointer(rebasing: line[range])
        guard EmailCheck.hasBasicShape(bytes) else { return false }
        return try consume(email: String(decoding: bytes, as: UTF8.self), source: glance.source, contactLine: line)
    }

    /// A live record's contact copied from its line (``ContactLine``), given its email, which
    /// has the basic shape; false, having changed nothing, when the general way must take it.
    private mutating func consume(email: String, source: Provenance, contactLine line: UnsafeBufferPointer<UInt8>) throws -> Bool {
        guard !finished, payload.isPlain,
              let contact = ContactLine(line), envelope.overhead + contact.count <= settings.maxBytes
        else { return false }
        ledger.input += 1
        let key = EmailCheck.key(email)
        try makeRoom(for: key)
        let start = current.beginContact()
        contact.write(to: &current.body)
        try commit(start: start, key: key, source: source)
        return true
    }

    /// Closes the batch being filled when it is full or already holds `key`, and claims `key`.
    private mutating func makeRoom(for key: String) throws {
        if current.count >= settings.maxContacts { try closeCurrent() }
        if !current.claim(key: key) {
            repeatedEmailSplits += 1
            try closeCurrent()
            _ = current.claim(key: key)
        }
    }

    /// Keeps the contact written from `start` in the batch being filled, or moves it to the next
    /// batch when it took this one over the byte limit.
    private mutating func commit(start: Int, key: String, source: Provenance) throws {
        if envelope.overhead + current.body.count > settings.maxBytes {
            let bytes = current.rollBack(start: start, key: key)
            try closeCurrent()
            current.append(serialized: bytes[...], key: key, source: source)
        } else {
            current.commitContact(start: start, key: key, source: source)
        }
        ledger.output += 1
    }

    /// Balances the tail, writes the last batches, `rejects.jsonl` and `manifest.json`, and
    /// returns the ledger.
    public mutating func finish() throws -> Ledger {
        if finished { return ledger }
        try openRejects()
        switch TailBalancer.balance(previous: &previous, last: &current, overhead: envelope.overhead,
                                    maxContacts: settings.maxContacts, maxBytes: settings.maxBytes) {
        case .notNeeded, .moved: break
        case .unavoidable(let reason):
            warnings.append("the last batch holds \(current.count) contact\(current.count == 1 ? "" : "s") (10 or fewer) and could not be balanced: \(reason)")
        }
        if !previous.isEmpty { try write(previous) }
        if !current.isEmpty { try write(current) }
        previous.clear()
        current.clear()
        let total = entries.reduce(0) { $0 + $1.contacts }
        if (1...BatchSettings.smallBatchLimit).contains(total) {
            warnings.append("only \(total) contact\(total == 1 ? "" : "s") in all: ActiveCampaign recommends the contacts API (POST /contact/sync) for 10 or fewer")
        }
        if repeatedEmailSplits > 0 {
            warnings.append("\(repeatedEmailSplits) contact\(repeatedEmailSplits == 1 ? "" : "s") repeated an email already in the batch being filled and started a new batch: run 'listwash dedupe' before 'listwash batch'")
        }
        let rejectsFile = try rejects?.commit()
        let plan = BatchPlan(directory: directory?.path, settings: settings, batches: entries, records: ledger.input,
                             rejected: ledger.rejected, rejectsFile: rejectsFile, repeatedEmailSplits: repeatedEmailSplits,
                             warnings: warnings)
        directory?.removeSpares()
        try directory?.write("manifest.json", [plan.manifestJSON])
        directory?.releaseLock()
        self.plan = plan
        ledger.facts.append(KeyValue("batches", String(entries.count)))
        ledger.facts.append(KeyValue("bytes", String(plan.bytes)))
        ledger.facts.append(KeyValue("out", directory?.path ?? "(plan only)"))
        for w in warnings { ledger.facts.append(KeyValue("warning", w)) }
        return ledger
    }

    // MARK: - internals

    /// Counts `record` and writes it to `rejects.jsonl`, as `line` when given.
    private mutating func reject(_ record: ContactRecord, asLine line: [UInt8]? = nil) throws {
        ledger.countOut(record)
        try openRejects()
        try rejects?.append(record, line: line)
    }

    /// Prepares the directory and opens `rejects.jsonl` the first time output is needed.
    private mutating func openRejects() throws {
        guard rejects == nil else { return }
        try directory?.prepare()
        rejects = try RejectsOutput(directory: directory, csv: settings.rejectsCSV)
    }

    /// Closes the batch being filled: the one held back before it is written, this one is held
    /// back in its place, and an empty batch (reusing storage) is filled next.
    private mutating func closeCurrent() throws {
        if !previous.isEmpty {
            try openRejects()
            try write(previous)
            previous.clear()
        }
        swap(&previous, &current)
    }

    private mutating func write(_ batch: PendingBatch) throws {
        let stem = BatchDirectory.batchStem(entries.count + 1)
        let name = stem + ".json"
        let problems = BatchValidator.problems(of: batch, envelope: envelope, maxContacts: settings.maxContacts, maxBytes: settings.maxBytes)
        guard problems.isEmpty else { throw BatchWriteError.invalidBatch(file: name, problems: problems) }
        var hasher = SHA256()
        envelope.prefix.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        batch.body.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        envelope.suffix.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        var sourceMap: String?, sourceMapSHA256: String?
        if let directory {
            // The source map first: whenever a request file is visible, so is its map.
            if settings.sourceMap {
                let lines = Self.sourceLines(batch.sources)
                sourceMap = stem + ".src.jsonl"
                sourceMapSHA256 = SHA256.hash(data: lines).lowercaseHex
                try directory.write(stem + ".src.jsonl", [lines])
            }
            do {
                try directory.write(name, [envelope.prefix, batch.body.bytes, envelope.suffix])
            } catch {
                // A map without its request would be a leftover of a failed run: remove it too.
                if let sourceMap { directory.remove(sourceMap) }
                throw error
            }
        }
        entries.append(BatchPlan.Entry(file: name, contacts: batch.count, bytes: envelope.overhead + batch.body.count,
                                       sha256: hasher.finalize().lowercaseHex,
                                       first: batch.sources[0], last: batch.sources[batch.count - 1], sourceMap: sourceMap,
                                       sourceMapSHA256: sourceMapSHA256))
    }

    /// `{"_src":{"file":"crm.csv","record":17,"line":18}}` per contact, one per line.
    private static func sourceLines(_ sources: [Provenance]) -> [UInt8] {
        var w = JSONWriter(capacity: sources.count * 64)
        for p in sources {
            w.raw("{\"_src\":{\"file\":"); w.string(p.file)
            w.raw(",\"record\":"); w.int(p.record)
            w.raw(",\"line\":"); w.int(p.line)
            w.raw("}}\n")
        }
        return w.bytes
    }
}
