import Foundation
import ListwashCore

extension Submitter {
    /// Asks `/import/info` about one queued batch; on a terminal status records every contact's outcome.
    func poll(_ row: BatchRow) async throws(SubmitError) {
        guard let batchId = row.batchId, let file = files[row.sha256] else { return }
        if schedule[row.id]?.pollStarted == nil { schedule[row.id, default: BatchSchedule()].pollStarted = now() }
        switch await request("GET", "import/info", query: [("batchId", batchId)], kind: .other) {
        case .failure(let f):
            try pollFailed(row, f.message, retryAfter: nil)
        case .success(let reply):
            switch InfoReply.interpret(reply) {
            case .pending(let status):
                progress.note(status: status, of: row.file)
                if let started = schedule[row.id]?.pollStarted, now() - started > configuration.pollTimeout {
                    unfinishedPolls.append(row.file)
                    try ledger.event(row.id, "poll_timeout", "still '\(status)' after \(Int(configuration.pollTimeout)) s; a re-run resumes polling")
                    return
                }
                schedule[row.id, default: BatchSchedule()].pollErrors = 0
                schedule[row.id]?.notBefore = now() + configuration.pollInterval
            case let .finished(status, success, failure):
                try await finishBulk(row, file, status: status, created: success, failed: failure)
            case let .transient(message, retryAfter):
                try pollFailed(row, message, retryAfter: retryAfter)
            case .unauthorized(let status):
                throw .unauthorized(status: status)
            case .refused(let message):
                try ledger.finish(row.id, state: .failed, error: "status of batchId '\(batchId)' unavailable: \(message)", outcomes: [])
            }
        }
    }

    func pollFailed(_ row: BatchRow, _ message: String, retryAfter: Double?) throws(SubmitError) {
        var s = schedule[row.id, default: BatchSchedule()]
        s.pollErrors += 1
        if s.pollErrors >= configuration.maxAttempts {
            unfinishedPolls.append(row.file)
            try ledger.noteError(row.id, kind: "poll_failed", "polling gave up after \(s.pollErrors) errors: \(message); a re-run resumes polling")
        }
        retries += 1
        s.notBefore = now() + (retryAfter ?? configuration.backoff.delay(attempt: s.pollErrors, unit: jitter()))
        schedule[row.id] = s
    }

    /// Records the outcome of every contact sent in the batch. `success` lists ids of *created*
    /// contacts only, `failure` lists emails; updated contacts appear in neither, so when the
    /// batch mixes the two, the created ids are looked up to tell which contacts they are.
    func finishBulk(_ row: BatchRow, _ file: BatchFile, status: String, created: [String], failed: [String]) async throws(SubmitError) {
        let rejected = Set(try ledger.outcomes(batch: row.id).filter { $0.kind == .rejected }.map(\.index))
        let sent = file.contacts.indices.filter { !rejected.contains($0) }
        let failedSet = Set(failed.map { $0.lowercased() })
        let imported = sent.filter { !failedSet.contains(file.email(at: $0).lowercased()) }
        enum Created { case noneCreated, allCreated, listed([String: String]), unknown }
        let createdSet: Created
        if created.isEmpty {
            createdSet = .noneCreated
        } else if created.count >= imported.count {
            createdSet = .allCreated
        } else if let map = await lookUpEmails(ids: created) {
            createdSet = .listed(map)
        } else {
            createdSet = .unknown
        }
        let state: BatchState = status == "completed" ? .completed : (status == "interrupted" ? .interrupted : .failed)
        // A contact of a batch that failed as a whole was not refused for itself: say so, and
        // what sends it again ('excluded, or refused by the importer' sent users to their data).
        let failedReason = state == .completed
            ? "ActiveCampaign reported the contact as failed in batch '\(row.batchId ?? "")' (excluded, or refused by the importer)"
            : "ActiveCampaign's import of batch '\(row.batchId ?? "")' ended '\(status)' without importing the contact; 'listwash submit --retry-failed' sends the batch again"
        var outcomes: [ContactOutcome] = []
        for i in sent {
            let email = file.email(at: i)
            var o = ContactOutcome(batch: row.id, index: i, email: email, kind: .imported, source: file.sources[i])
            if failedSet.contains(email.lowercased()) {
                o.kind = .failed
                o.code = .acImportFailed
                o.reason = failedReason
            } else {
                switch createdSet {
                case .noneCreated: o.kind = .updated
                case .allCreated: o.kind = .created
                case .listed(let map):
                    if let id = map[email.lowercased()] { o.kind = .created; o.contactId = id } else { o.kind = .updated }
                case .unknown: o.kind = .imported
                }
            }
            outcomes.append(o)
        }
        try ledger.finish(row.id, state: state, error: state == .completed ? nil : "the importer reported '\(status)'", outcomes: outcomes)
        warnRejects(outcomes.filter { $0.kind == .failed }, of: file, code: .acImportFailed) { "'\($0.email)'" }
    }

    /// Emails of the contacts with these ids (`GET /contacts?ids=`); nil when the lookup fails
    /// (those contacts are then recorded as `imported`: created or updated, unknown which).
    func lookUpEmails(ids: [String]) async -> [String: String]? {
        var out: [String: String] = [:]
        var chunk = 0
        while chunk < ids.count {
            let part = ids[chunk..<min(ids.count, chunk + 100)]
            chunk += 100
            let t = now()
            await sleep(pacer.delay(for: .other, at: t))
            guard case .success(let reply) = await request("GET", "contacts", query: [("ids", part.joined(separator: ",")), ("limit", "100")], kind: .other),
                  reply.status == 200, let json = try? JSONValue.parse(reply.body) else { return nil }  // nil: outcome stays 'imported'
            for c in json["contacts"]?.arrayValue ?? [] {
                if let email = c["email"]?.stringValue, let id = c["id"]?.text { out[email.lowercased()] = id }
            }
        }
        return out
    }
}
