import GRDB
import ListwashCore

/// One batch as the ledger records it.
public struct BatchRow: Sendable, Hashable {
    public var id: Int64
    public var file: String
    public var sha256: String
    public var contacts: Int
    public var bytes: Int
    public var route: SubmitRoute
    public var state: BatchState
    public var batchId: String?
    /// Requests sent for this batch over all runs.
    public var attempts: Int
    /// Sends made while an earlier one may have reached the server (after a crash or a timeout).
    public var resends: Int
    /// Whether the one re-send after a 400 with failureReasons has been used.
    public var revalidated: Bool
    public var lastError: String?
    public var plannedAt: String?
    public var sentAt: String?
    public var queuedAt: String?
    public var finishedAt: String?

    init(row: Row) {
        id = row["id"]
        file = row["file"]
        sha256 = row["sha256"]
        contacts = row["contacts"]
        bytes = row["bytes"]
        route = SubmitRoute(rawValue: row["route"]) ?? .bulk
        state = BatchState(rawValue: row["state"]) ?? .planned
        batchId = row["batch_id"]
        attempts = row["attempts"]
        resends = row["resends"]
        revalidated = row["revalidated"]
        lastError = row["last_error"]
        plannedAt = row["planned_at"]
        sentAt = row["sent_at"]
        queuedAt = row["queued_at"]
        finishedAt = row["finished_at"]
    }
}

/// What became of one contact.
public enum ContactOutcomeKind: String, Sendable, CaseIterable {
    case created, updated
    /// Imported, but the server did not say whether it was created or updated.
    case imported
    /// Listed in `/import/info` `failure` (reject `ac_import_failed`).
    case failed
    /// Named by a 400's failureReasons (reject `ac_validation_failed`), never imported.
    case rejected

    /// Whether the contact is in the account now.
    public var isImported: Bool { self == .created || self == .updated || self == .imported }
}

/// One contact's outcome as recorded.
public struct ContactOutcome: Sendable, Hashable {
    public var batch: Int64
    /// 0-based position in the batch file.
    public var index: Int
    public var email: String
    public var kind: ContactOutcomeKind
    public var code: RejectCode?
    public var reason: String?
    public var source: Provenance?
    public var contactId: String?

    public init(batch: Int64, index: Int, email: String, kind: ContactOutcomeKind, code: RejectCode? = nil,
                reason: String? = nil, source: Provenance? = nil, contactId: String? = nil) {
        self.batch = batch
        self.index = index
        self.email = email
        self.kind = kind
        self.code = code
        self.reason = reason
        self.source = source
        self.contactId = contactId
    }

    init(row: Row) {
        batch = row["batch"]
        index = row["idx"]
        email = row["email"]
        kind = ContactOutcomeKind(rawValue: row["outcome"]) ?? .imported
        code = (row["code"] as String?).map { RejectCode($0) }
        reason = row["reason"]
        if let file: String = row["src_file"] {
            source = Provenance(file: file, record: row["src_record"] ?? 0, line: row["src_line"] ?? 0)
        }
        contactId = row["contact_id"]
    }
}

/// A notable thing that happened to a batch (a re-send after a crash, a retry, a rate limit).
public struct LedgerEvent: Sendable, Hashable {
    public var batch: Int64?
    public var at: String
    public var kind: String
    public var detail: String
}
