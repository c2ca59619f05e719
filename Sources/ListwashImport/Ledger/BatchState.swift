/// Where a batch stands (DESIGN §5): `planned → sending → queued → completed | failed | interrupted`.
public enum BatchState: String, Sendable, CaseIterable {
    /// Known from the folder, not sent yet (or to be sent again after a definite refusal).
    case planned
    /// A request is (or was, when a run stopped here) on its way: the server may or may not have it.
    case sending
    /// The server queued it and gave a batchId; polling follows.
    case queued
    /// The importer finished it; per-contact outcomes are recorded.
    case completed
    /// Given up: the importer reported `failed`, or sending failed after the bounded attempts.
    case failed
    /// The importer reported `interrupted` (stopped after failures).
    case interrupted

    /// Whether nothing more will happen to the batch without `--retry-failed`.
    public var isTerminal: Bool { self == .completed || self == .failed || self == .interrupted }
}

/// How a batch is sent.
public enum SubmitRoute: String, Sendable {
    /// `POST /import/bulk_import`, then polling `/import/info`.
    case bulk
    /// `POST /contact/sync` per contact (imports of 10 or fewer contacts).
    case sync
}
