import Foundation
import ListwashCore

/// What submitting would take: the batches written (or, without a batch step, estimated), their
/// contacts and bytes, and the time needed at the API's rate limit. Read from the batch files
/// themselves, so it holds whatever writer made them (ListwashImport's `BatchPlan` is the
/// writer's own, richer summary).
public struct AuditBatchPlan: Sendable, Equatable {
    /// Multi-contact requests the API accepts per minute (DESIGN §5).
    public static let requestsPerMinute = 100
    /// Contacts per request (the API's limit).
    public static let contactsPerBatch = 250

    public var batches: Int
    public var contacts: Int
    /// Total request bytes; nil when estimated without writing.
    public var bytes: Int?
    /// Contacts in each batch, in file order (empty when estimated).
    public var contactsPerBatch: [Int]
    /// Whether the plan is an estimate (audit of a pipe with no batch step).
    public var estimated: Bool

    /// Seconds to send every batch at ``requestsPerMinute`` (the last request at the start of its slot).
    public var secondsAtRateLimit: Int {
        batches == 0 ? 0 : Int((Double(batches - 1) * 60.0 / Double(Self.requestsPerMinute)).rounded(.up))
    }

    /// Reads the batch files (`batch-*.json`, bulk-import request bodies) in `directory`, which
    /// the audit's own batch step has just written: a file that cannot be listed, read or parsed
    /// there is an error, never a batch counted as empty.
    public static func read(directory: String) throws -> AuditBatchPlan {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("batch-") && $0.hasSuffix(".json") }.sorted()
        var plan = AuditBatchPlan(batches: files.count, contacts: 0, bytes: 0, contactsPerBatch: [], estimated: false)
        for f in files {
            let path = directory + "/" + f
            let bytes = try ByteInput(path: path).readAll()
            plan.bytes = (plan.bytes ?? 0) + bytes.count
            guard let contacts = try JSONValue.parse(bytes)["contacts"]?.arrayValue else {
                throw InputError(path: path, message: "not a bulk-import request: no 'contacts' array")
            }
            plan.contacts += contacts.count
            plan.contactsPerBatch.append(contacts.count)
        }
        return plan
    }

    /// An estimate for `contacts` live contacts at 250 per batch.
    public static func estimate(contacts: Int) -> AuditBatchPlan {
        AuditBatchPlan(batches: (contacts + contactsPerBatch - 1) / contactsPerBatch, contacts: contacts, bytes: nil,
                  contactsPerBatch: [], estimated: true)
    }
}
