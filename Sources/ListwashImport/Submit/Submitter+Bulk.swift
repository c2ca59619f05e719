import Foundation
import ListwashCore

extension Submitter {
    /// Sends one batch through `POST /import/bulk_import` and records what the answer means.
    func sendBulk(_ row: BatchRow) async throws(SubmitError) {
        guard let file = files[row.sha256] else { return }
        let rejected = Set(try ledger.outcomes(batch: row.id).filter { $0.kind == .rejected }.map(\.index))
        let remaining = file.contacts.indices.filter { !rejected.contains($0) }
        let body = file.body(removing: rejected)
        let kind: RequestKind = remaining.count == 1 ? .singleImport : .multiImport

        let resend = schedule[row.id]?.resendReason
        try ledger.markSending(row.id, resend: resend)
        if let resend { logger.warning("\(row.file): sent again; it \(resend) (safe: the importer upserts by email)") }
        schedule[row.id, default: BatchSchedule()].resendReason = nil

        switch await request("POST", "import/bulk_import", body: body, kind: kind) {
        case .failure(let f):
            if f.maybeDelivered {
                // The server may have it: the batch stays `sending` and the next send is a recorded re-send.
                schedule[row.id, default: BatchSchedule()].resendReason = "may have reached the server before '\(f.message)'"
                try ledger.noteError(row.id, kind: "transport", f.message)
            } else {
                try ledger.markPlanned(row.id, error: f.message)
                try stopIfUnreachable(f)
            }
            try retryLater(row, f.message, retryAfter: nil)
        case .success(let reply):
            switch ImportReply.interpret(reply) {
            case .queued(let batchId):
                try ledger.markQueued(row.id, batchId: batchId)
                schedule[row.id, default: BatchSchedule()].notBefore = now() + configuration.pollInterval
                schedule[row.id]?.pollStarted = now()
            case .validation(let reasons):
                try handleValidation(row, file, remaining: remaining, reasons: reasons)
            case let .rateLimited(message, retryAfter):
                try ledger.markPlanned(row.id, error: "rate limited: \(message)")
                try ledger.event(row.id, "rate_limited", message)
                // The documented answer (400, "retry this request in a minute") has no
                // Retry-After: wait the minute it asks for. Retried within seconds by the
                // backoff, it was refused again until the batch ran out of attempts.
                let wait = retryAfter ?? configuration.limits.minute
                pacer.hold(until: now() + wait)
                if try waitOutRateLimit(row, "rate limited: \(message)", wait: wait) {
                    // Off a terminal there is no progress line: a minute without a word read as a hang.
                    logger.notice("\(row.file): rate limited by the server; waiting \(Self.shownSeconds(wait)) before sending again")
                }
            case let .transient(message, retryAfter):
                try ledger.markPlanned(row.id, error: message)
                try retryLater(row, message, retryAfter: retryAfter)
            case .unauthorized(let status):
                try ledger.markPlanned(row.id, error: "HTTP \(status): token refused")
                throw .unauthorized(status: status)
            case .refused(let message):
                try ledger.finish(row.id, state: .failed, error: message, outcomes: [])
                logger.error("\(row.file): refused: \(message)")
            }
        }
    }

    /// A 400 with failureReasons: the named contacts become `ac_validation_failed` rejects and
    /// the rest is sent once more as a new request. The index is taken as 0-based into the
    /// contacts as sent; when that disagrees with the contact (an email the reason quotes, an
    /// email reason for an address that passes the importer's rule, an index past the end), the
    /// batch is re-validated locally instead of guessing (ac-bulk-import-api.md).
    func handleValidation(_ row: BatchRow, _ file: BatchFile, remaining: [Int], reasons: [FailureReason]) throws(SubmitError) {
        if row.revalidated {
            let text = reasons.prefix(3).map { "#\($0.index): \($0.reason)" }.joined(separator: "; ")
            try ledger.finish(row.id, state: .failed, error: "refused by validation again after the re-send: \(text)", outcomes: [])
            return
        }
        var named: [Int: String] = [:]
        var consistent = true
        for r in reasons {
            guard r.index >= 0, r.index < remaining.count else { consistent = false; break }
            let original = remaining[r.index]
            if let quoted = Self.quotedEmail(in: r.reason), quoted.lowercased() != file.email(at: original).lowercased() {
                consistent = false
                break
            }
            // An email reason must name a contact whose email fails the importer's rule here too.
            if r.reason.lowercased().contains("'email'"), EmailSyntax.isValid(file.email(at: original)) {
                consistent = false
                break
            }
            if let earlier = named[original] { named[original] = earlier + "; " + r.reason } else { named[original] = r.reason }
        }
        if !consistent {
            named = [:]
            for i in remaining where !EmailSyntax.isValid(file.email(at: i)) {
                named[i] = file.email(at: i).isEmpty ? "Field 'email' is required" : "Field 'email' incorrect format"
            }
            try ledger.event(row.id, "revalidated", "failureReasons did not match the batch by index; re-validated locally")
        }
        guard !named.isEmpty else {
            let text = reasons.prefix(3).map { "#\($0.index): \($0.reason)" }.joined(separator: "; ")
            try ledger.finish(row.id, state: .failed, error: "refused by validation, and the refused contacts could not be identified: \(text)", outcomes: [])
            return
        }
        let outcomes = named.keys.sorted().map { i in
            ContactOutcome(batch: row.id, index: i, email: file.email(at: i), kind: .rejected, code: .acValidationFailed,
                           reason: "ActiveCampaign refused the contact: \(named[i] ?? "")", source: file.sources[i])
        }
        warnRejects(outcomes, of: file, code: .acValidationFailed) { $0.reason ?? "" }
        try ledger.recordValidationRejects(row.id, outcomes, nothingLeft: named.count == remaining.count)
    }

    /// A wait as a log line shows it: whole seconds, or tenths under ten seconds.
    static func shownSeconds(_ seconds: Double) -> String {
        seconds >= 10 ? "\(Int(seconds.rounded())) s" : String(format: "%.1f s", seconds)
    }

    /// The first single-quoted text of `reason` that looks like an email, if any.
    static func quotedEmail(in reason: String) -> String? {
        let parts = reason.split(separator: "'", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        for i in stride(from: 1, to: parts.count - 1, by: 2) where parts[i].contains("@") {
            return String(parts[i])
        }
        return nil
    }
}
