import Foundation
import GRDB
import ListwashCore

/// The submit ledger: SQLite through GRDB at `DIR/ledger.sqlite` (DESIGN §5). Every state change
/// is one transaction, committed before the next request goes out, so a process killed at any
/// instant leaves a ledger that a re-run can finish from: `completed` batches are skipped by
/// sha256, `queued` ones are polled again, `sending` ones are sent again (and that is recorded).
/// The API token is never written here.
public final class SubmitLedger: Sendable {
    public let path: String
    let db: DatabaseQueue

    /// Opens (creating when absent) the ledger at `path`.
    public init(path: String) throws(SubmitError) {
        self.path = path
        do {
            var config = Configuration()
            config.busyMode = .timeout(5)
            db = try DatabaseQueue(path: path, configuration: config)
            try Self.migrator.migrate(db)
        } catch {
            throw .ledger(path: path, message: "\(error)")
        }
    }

    /// Opens an existing ledger for reading (`listwash status`).
    public static func openExisting(path: String) throws(SubmitError) -> SubmitLedger {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .ledger(path: path, message: "no ledger here; 'listwash submit' creates it on its first run")
        }
        return try SubmitLedger(path: path)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE batch (
                  id INTEGER PRIMARY KEY,
                  file TEXT NOT NULL,
                  sha256 TEXT NOT NULL UNIQUE,
                  contacts INTEGER NOT NULL,
                  bytes INTEGER NOT NULL,
                  route TEXT NOT NULL,
                  state TEXT NOT NULL,
                  batch_id TEXT,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  resends INTEGER NOT NULL DEFAULT 0,
                  revalidated INTEGER NOT NULL DEFAULT 0,
                  last_error TEXT,
                  planned_at TEXT, sent_at TEXT, queued_at TEXT, finished_at TEXT, updated_at TEXT
                );
                CREATE TABLE outcome (
                  batch INTEGER NOT NULL REFERENCES batch(id),
                  idx INTEGER NOT NULL,
                  email TEXT NOT NULL,
                  outcome TEXT NOT NULL,
                  code TEXT, reason TEXT,
                  src_file TEXT, src_record INTEGER, src_line INTEGER,
                  contact_id TEXT,
                  at TEXT NOT NULL,
                  PRIMARY KEY (batch, idx)
                );
                CREATE TABLE event (
                  id INTEGER PRIMARY KEY,
                  batch INTEGER REFERENCES batch(id),
                  at TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  detail TEXT NOT NULL
                );
                """)
        }
        return m
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    func write<T>(_ body: (Database) throws -> T) throws(SubmitError) -> T {
        do { return try db.write(body) } catch { throw .ledger(path: path, message: "\(error)") }
    }

    func read<T>(_ body: (Database) throws -> T) throws(SubmitError) -> T {
        do { return try db.read(body) } catch { throw .ledger(path: path, message: "\(error)") }
    }

    // MARK: - Target

    /// Records the target on first use; refuses a ledger made against another server, so that a
    /// rehearsal against the sandbox never makes a real submit skip its batches.
    public func bind(target: String) throws(SubmitError) {
        let existing: String? = try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'target'") }
        if let existing, existing != target {
            throw .ledger(path: path, message: "records a submission to '\(existing)', not '\(target)'\n  fix: use --ledger FILE for another target, or remove the ledger to start over")
        }
        if existing == nil {
            try write { db in try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('target', ?)", arguments: [target]) }
        }
    }

    /// The server this ledger submits to.
    public func target() throws(SubmitError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'target'") }
    }

    // MARK: - Batches

    /// Adds a `planned` row for every file not yet known by sha256 (a renamed file keeps its row).
    public func plan(_ files: [BatchFile], route: SubmitRoute) throws(SubmitError) {
        let now = Self.now()
        try write { db in
            for f in files {
                if try Row.fetchOne(db, sql: "SELECT id FROM batch WHERE sha256 = ?", arguments: [f.sha256]) != nil {
                    try db.execute(sql: "UPDATE batch SET file = ? WHERE sha256 = ?", arguments: [f.name, f.sha256])
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO batch (file, sha256, contacts, bytes, route, state, planned_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'planned', ?, ?)
                    """, arguments: [f.name, f.sha256, f.contacts.count, f.body.count, route.rawValue, now, now])
            }
        }
    }

    /// Every batch, in file order.
    public func batches() throws(SubmitError) -> [BatchRow] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM batch ORDER BY file, id").map(BatchRow.init(row:)) }
    }

    /// One batch by row id.
    public func batch(_ id: Int64) throws(SubmitError) -> BatchRow? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM batch WHERE id = ?", arguments: [id]).map(BatchRow.init(row:)) }
    }

    /// Committed before a request leaves: from here a crash means "maybe sent".
    public func markSending(_ id: Int64, resend: String?) throws(SubmitError) {
        let now = Self.now()
        try write { db in
            try db.execute(sql: """
                UPDATE batch SET state = 'sending', attempts = attempts + 1, resends = resends + ?,
                  sent_at = ?, updated_at = ? WHERE id = ?
                """, arguments: [resend == nil ? 0 : 1, now, now, id])
            if let resend { try Self.insertEvent(db, id, "resent", resend) }
        }
    }

    /// The server definitely did not queue the request (a refusal with a status): back to `planned`.
    public func markPlanned(_ id: Int64, error: String?) throws(SubmitError) {
        try write { db in
            try db.execute(sql: "UPDATE batch SET state = 'planned', last_error = ?, updated_at = ? WHERE id = ?",
                           arguments: [error, Self.now(), id])
        }
    }

    /// Notes a failed attempt while the batch stays where it is.
    public func noteError(_ id: Int64, kind: String, _ message: String) throws(SubmitError) {
        try write { db in
            try db.execute(sql: "UPDATE batch SET last_error = ?, updated_at = ? WHERE id = ?", arguments: [message, Self.now(), id])
            try Self.insertEvent(db, id, kind, message)
        }
    }

    /// The server queued the batch under `batchId`.
    public func markQueued(_ id: Int64, batchId: String) throws(SubmitError) {
        let now = Self.now()
        try write { db in
            try db.execute(sql: "UPDATE batch SET state = 'queued', batch_id = ?, last_error = NULL, queued_at = ?, updated_at = ? WHERE id = ?",
                           arguments: [batchId, now, now, id])
        }
    }

    /// Records the contacts a 400 named and returns the batch to `planned` for its one re-send
    /// (or completes it when nothing is left to send).
    public func recordValidationRejects(_ id: Int64, _ rejects: [ContactOutcome], nothingLeft: Bool) throws(SubmitError) {
        let now = Self.now()
        try write { db in
            for o in rejects { try Self.insertOutcome(db, o, now) }
            try db.execute(sql: """
                UPDATE batch SET state = ?, revalidated = 1, last_error = ?, updated_at = ?, finished_at = ? WHERE id = ?
                """, arguments: [nothingLeft ? "completed" : "planned",
                                 "\(rejects.count) contact\(rejects.count == 1 ? "" : "s") refused by validation",
                                 now, nothingLeft ? now : nil, id])
            try Self.insertEvent(db, id, "validation", "\(rejects.count) contact\(rejects.count == 1 ? "" : "s") refused; \(nothingLeft ? "nothing left to send" : "re-sending the rest once")")
        }
    }

    /// Ends a batch in `state` with its per-contact outcomes, in one transaction.
    public func finish(_ id: Int64, state: BatchState, error: String?, outcomes: [ContactOutcome]) throws(SubmitError) {
        let now = Self.now()
        try write { db in
            for o in outcomes { try Self.insertOutcome(db, o, now) }
            try db.execute(sql: "UPDATE batch SET state = ?, last_error = ?, finished_at = ?, updated_at = ? WHERE id = ?",
                           arguments: [state.rawValue, error, now, now, id])
        }
    }

    /// Records one contact's outcome (the contacts-API route, contact by contact).
    public func record(_ outcome: ContactOutcome) throws(SubmitError) {
        let now = Self.now()
        try write { db in try Self.insertOutcome(db, outcome, now) }
    }

    /// `--retry-failed`: failed and interrupted batches go back to `planned`; their recorded
    /// import outcomes are dropped (validation rejects stay: those contacts are not re-sent).
    public func replanFailed() throws(SubmitError) -> Int {
        try write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM batch WHERE state IN ('failed', 'interrupted')")
            for id in ids {
                try db.execute(sql: "DELETE FROM outcome WHERE batch = ? AND outcome != 'rejected'", arguments: [id])
                try db.execute(sql: "UPDATE batch SET state = 'planned', batch_id = NULL, updated_at = ? WHERE id = ?", arguments: [Self.now(), id])
                try Self.insertEvent(db, id, "retry", "re-planned by --retry-failed")
            }
            return ids.count
        }
    }

    // MARK: - Outcomes and events

    /// Every recorded outcome, by batch and position.
    public func outcomes(batch: Int64? = nil) throws(SubmitError) -> [ContactOutcome] {
        try read { db in
            if let batch {
                return try Row.fetchAll(db, sql: "SELECT * FROM outcome WHERE batch = ? ORDER BY idx", arguments: [batch]).map(ContactOutcome.init(row:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM outcome ORDER BY batch, idx").map(ContactOutcome.init(row:))
        }
    }

    /// Calls `body` with every outcome in batch and position order, one row at a time (a cursor:
    /// memory stays flat however many contacts the ledger holds).
    public func forEachOutcome(_ body: (ContactOutcome) throws -> Void) throws(SubmitError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM outcome ORDER BY batch, idx")
            while let row = try rows.next() { try body(ContactOutcome(row: row)) }
        }
    }

    /// Outcome counts by kind.
    public func outcomeCounts() throws(SubmitError) -> [ContactOutcomeKind: Int] {
        try read { db in
            var out: [ContactOutcomeKind: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS n FROM outcome GROUP BY outcome") {
                if let k = ContactOutcomeKind(rawValue: row["outcome"]) { out[k] = row["n"] }
            }
            return out
        }
    }

    /// Adds an event.
    public func event(_ batch: Int64?, _ kind: String, _ detail: String) throws(SubmitError) {
        try write { db in try Self.insertEvent(db, batch, kind, detail) }
    }

    /// Every event, oldest first.
    public func events() throws(SubmitError) -> [LedgerEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id").map {
                LedgerEvent(batch: $0["batch"], at: $0["at"], kind: $0["kind"], detail: $0["detail"])
            }
        }
    }

    static func insertEvent(_ db: Database, _ batch: Int64?, _ kind: String, _ detail: String) throws {
        try db.execute(sql: "INSERT INTO event (batch, at, kind, detail) VALUES (?, ?, ?, ?)", arguments: [batch, now(), kind, detail])
    }

    static func insertOutcome(_ db: Database, _ o: ContactOutcome, _ now: String) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO outcome (batch, idx, email, outcome, code, reason, src_file, src_record, src_line, contact_id, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [o.batch, o.index, o.email, o.kind.rawValue, o.code?.rawValue, o.reason,
                             o.source?.file, o.source?.record, o.source?.line, o.contactId, now])
    }
}
