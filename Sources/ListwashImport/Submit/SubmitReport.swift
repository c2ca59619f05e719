import Foundation
import ListwashCore

/// The end of a run, from the ledger: per-state batch counts and per-outcome contact counts.
public struct SubmitSummary: Sendable {
    public var batches: [BatchState: Int]
    public var outcomes: [ContactOutcomeKind: Int]
    public var contacts: Int
    public var requests: Int
    public var retries: Int
    public var resends: Int
    public var seconds: Double
    /// Batches still `queued` when this run stopped polling them.
    public var unfinished: [String]

    /// Whether every batch completed (rejects are not failures).
    public var isComplete: Bool {
        batches.filter { $0.key != .completed }.values.allSatisfy { $0 == 0 }
    }

    /// The summary line printed on stderr.
    public var line: String {
        func n(_ s: BatchState) -> Int { batches[s] ?? 0 }
        func c(_ k: ContactOutcomeKind) -> Int { outcomes[k] ?? 0 }
        var parts = ["completed \(n(.completed))"]
        for s in [BatchState.failed, .interrupted, .queued, .sending, .planned] where n(s) > 0 { parts.append("\(s.rawValue) \(n(s))") }
        var contactsPart = "created \(c(.created)), updated \(c(.updated))"
        if c(.imported) > 0 { contactsPart += ", imported \(c(.imported))" }
        contactsPart += ", rejected \(c(.rejected) + c(.failed)) (ac_validation_failed \(c(.rejected)), ac_import_failed \(c(.failed)))"
        let total = batches.values.reduce(0, +)
        return "submit: batches \(total) (\(parts.joined(separator: ", "))) · contacts \(contacts): \(contactsPart) · requests \(requests) (retries \(retries), re-sends \(resends)) in \(String(format: "%.1f", seconds)) s"
    }

    /// The contacts of the folder's batches as a ledger: `in` every contact, `out` the ones
    /// created, updated or imported, rejected by the API's codes, and `pending` those in batches
    /// not completed yet (a re-run sends or polls them). `directory` names the folder in the
    /// note that says so.
    public func ledger(directory: String) -> Ledger {
        var ledger = Ledger(stage: "submit")
        ledger.output = (outcomes[.created] ?? 0) + (outcomes[.updated] ?? 0) + (outcomes[.imported] ?? 0)
        if let n = outcomes[.rejected], n > 0 { ledger.rejected[.acValidationFailed] = n; ledger.rejectedHere += n }
        if let n = outcomes[.failed], n > 0 { ledger.rejected[.acImportFailed] = n; ledger.rejectedHere += n }
        ledger.input = max(contacts, ledger.output + ledger.rejectedTotal)
        ledger.pending = ledger.input - ledger.output - ledger.rejectedTotal
        if !isComplete { ledger.partial.append(resumeNote(directory: directory)) }
        return ledger
    }

    /// What sends the rest: a re-run resumes planned, sending and queued batches, but failed and
    /// interrupted ones only with `--retry-failed`. Told only 'run the same command again', a
    /// user whose batches had all failed re-ran it and nothing was sent.
    func resumeNote(directory: String) -> String {
        let given = (batches[.failed] ?? 0) + (batches[.interrupted] ?? 0)
        let resumable = (batches[.planned] ?? 0) + (batches[.sending] ?? 0) + (batches[.queued] ?? 0)
        let see = "(see 'listwash status \(directory)')"
        guard given > 0 else { return "not every batch completed; run the same command again to resume \(see)" }
        let them = "\(given) failed or interrupted batch\(given == 1 ? "" : "es")"
        let retry = "--retry-failed ('retry_failed: true' in a pipeline file's submit block)"
        if resumable == 0 {
            return "not every batch completed; the \(them) \(given == 1 ? "is" : "are") sent again only with \(retry) \(see)"
        }
        return "not every batch completed; run the same command again to resume, adding \(retry) for the \(them) \(see)"
    }

    /// The summary as JSON (`--stats`).
    public var json: String {
        var w = JSONWriter()
        w.byte(UInt8(ascii: "{"))
        w.key("stage"); w.string("submit")
        w.raw(",\"complete\":"); w.raw(isComplete ? "true" : "false")
        w.raw(",\"contacts\":"); w.int(contacts)
        w.raw(",\"batches\":{")
        for (i, s) in BatchState.allCases.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.key(s.rawValue); w.int(batches[s] ?? 0) }
        w.raw("},\"outcomes\":{")
        for (i, k) in ContactOutcomeKind.allCases.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.key(k.rawValue); w.int(outcomes[k] ?? 0) }
        w.raw("},\"requests\":"); w.int(requests)
        w.raw(",\"retries\":"); w.int(retries)
        w.raw(",\"resends\":"); w.int(resends)
        w.raw("}\n")
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// Writes what a run leaves beside the ledger, rebuilt from the ledger each time (so a killed
/// run loses nothing): `results.jsonl`, one line per contact outcome, and `submit-rejects.jsonl`,
/// the refused and failed contacts as records with `_reject` (the batch writer's own
/// `rejects.jsonl` is left alone).
enum SubmitReport {
    static func write(ledger: SubmitLedger, files: [String: BatchFile], directory: String, requests: Int, retries: Int,
                      seconds: Double, unfinished: [String]) throws(SubmitError) -> SubmitSummary {
        let rows = try ledger.batches().filter { files[$0.sha256] != nil }
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        var counts: [ContactOutcomeKind: Int] = [:]
        do {
            let results = try StreamedFile(directory + "/results.jsonl")
            let rejects = try StreamedFile(directory + "/submit-rejects.jsonl")
            try ledger.forEachOutcome { o in
                guard let row = byId[o.batch], let file = files[row.sha256] else { return }
                counts[o.kind, default: 0] += 1
                var w = JSONWriter()
                w.byte(UInt8(ascii: "{"))
                w.key("email"); w.string(o.email)
                w.raw(",\"outcome\":"); w.string(o.kind.rawValue)
                w.raw(",\"batch\":"); w.string(row.file)
                if let id = row.batchId { w.raw(",\"batchId\":"); w.string(id) }
                if let id = o.contactId { w.raw(",\"contact_id\":"); w.string(id) }
                if let code = o.code { w.raw(",\"code\":"); w.string(code.rawValue) }
                if let reason = o.reason { w.raw(",\"reason\":"); w.string(reason) }
                if let s = o.source {
                    w.raw(",\"_src\":{\"file\":"); w.string(s.file)
                    w.raw(",\"record\":"); w.int(s.record); w.raw(",\"line\":"); w.int(s.line); w.byte(UInt8(ascii: "}"))
                }
                w.raw("}\n")
                try results.append(w.bytes)
                if let code = o.code, o.index < file.contacts.count {
                    let record = ContactRecord(bulkContact: file.contacts[o.index],
                                               source: o.source ?? Provenance(file: file.name, record: o.index + 1, line: 1))
                        .rejected(Reject(code: code, stage: "submit", reason: o.reason ?? code.rawValue,
                                         fix: code == .acValidationFailed ? "correct the contact in the source and import it again" : "check the account's exclusion list and the contact's lists"))
                    try rejects.append(Array((record.jsonLine + "\n").utf8))
                }
            }
            try results.commit()
            try rejects.commit()
        } catch let e as SubmitError {
            throw e
        } catch {
            throw .folder(path: directory, message: "cannot write results: \(error.localizedDescription)")
        }
        var states: [BatchState: Int] = [:]
        for r in rows { states[r.state, default: 0] += 1 }
        return SubmitSummary(batches: states, outcomes: counts, contacts: rows.reduce(0) { $0 + $1.contacts },
                             requests: requests, retries: retries, resends: rows.reduce(0) { $0 + $1.resends },
                             seconds: seconds, unfinished: unfinished)
    }

}

/// A file written through a temporary name in 1 MB chunks, renamed into place by ``commit()``
/// so that a reader (or a killed run) never sees half of it.
final class StreamedFile {
    let path: String
    let temporary: String
    let handle: FileHandle
    var buffer: [UInt8] = []

    init(_ path: String) throws {
        self.path = path
        temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw SubmitError.folder(path: temporary, message: "cannot create")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
    }

    func append(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush()
        try handle.close()
        // rename(2) replaces the old file atomically.
        guard rename(temporary, path) == 0 else {
            throw SubmitError.folder(path: path, message: "cannot replace: \(String(cString: strerror(errno)))")
        }
    }
}

extension ContactRecord {
    /// A record from one contact of a bulk-import request (the inverse of the batch writer's
    /// mapping: `fields [{id,value}]` → fields, `subscribe [{listid}]` → list ids).
    init(bulkContact c: JSONValue, source: Provenance) {
        func ids(_ key: String) -> [Int] { (c[key]?.arrayValue ?? []).compactMap { $0["listid"]?.intValue } }
        self.init(email: c["email"]?.stringValue, firstName: c["first_name"]?.stringValue, lastName: c["last_name"]?.stringValue,
                  phone: c["phone"]?.stringValue, customerAcctName: c["customer_acct_name"]?.stringValue,
                  tags: (c["tags"]?.arrayValue ?? []).compactMap(\.stringValue),
                  fields: (c["fields"]?.arrayValue ?? []).compactMap { f in f["id"].map { KeyValue($0.text, f["value"]?.text ?? "") } },
                  subscribe: ids("subscribe"), unsubscribe: ids("unsubscribe"), source: source)
    }
}
