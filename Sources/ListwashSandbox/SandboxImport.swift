import ListwashCore

/// One queued bulk import and what became of it.
struct SandboxImport: Sendable {
    var batchId: String
    var receivedAt: Double
    /// `YYYY-MM-DD` of reception, for `GET /import/bulk_import`.
    var forDate: String
    var contacts: [JSONValue]
    var callback: JSONValue?
    /// Set once processed: `completed`.
    var finalStatus: String?
    /// Ids of created contacts.
    var success: [String] = []
    /// Emails of contacts that failed (excluded).
    var failure: [String] = []
    var updated = 0

    /// The status at `now`, moving one step every `step` seconds until processed.
    func status(at now: Double, step: Double) -> JSONValue {
        if let finalStatus { return .string(finalStatus) }
        let steps = Int((now - receivedAt) / max(step, 0.000_001))
        switch steps {
        case ..<1: return .bool(false)
        case 1: return .string("waiting")
        case 2: return .string("claimed")
        default: return .string("active")
        }
    }

    var emails: [String] { contacts.compactMap { $0["email"]?.stringValue } }
}
