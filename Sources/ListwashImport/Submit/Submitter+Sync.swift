import Foundation
import ListwashCore

extension Submitter {
    /// The contacts-API route for imports of 10 or fewer contacts: `POST /contact/sync` per
    /// contact, then its tags (`/tags`, `/contactTags`) and list memberships (`/contactLists`).
    /// Each contact's outcome is committed as soon as it is known, so a re-run continues with
    /// the next contact (the one in flight at a crash is synced again: sync is an upsert).
    /// `customer_acct_name` is not sent on this route (accounts are a separate API).
    func sendSync(_ row: BatchRow) async throws(SubmitError) {
        guard let file = files[row.sha256] else { return }
        let done = Set(try ledger.outcomes(batch: row.id).map(\.index))
        let resend = schedule[row.id]?.resendReason
        try ledger.markSending(row.id, resend: resend)
        schedule[row.id, default: BatchSchedule()].resendReason = nil
        for i in file.contacts.indices where !done.contains(i) {
            guard let outcome = try await syncContact(file, i, batch: row.id) else {
                try ledger.finish(row.id, state: .failed, error: "contact \(i + 1) ('\(file.email(at: i))') could not be synced after \(configuration.maxAttempts) attempts", outcomes: [])
                return
            }
            try ledger.record(outcome)
            if outcome.kind == .rejected {
                logger.warning("\(file.origin(of: i)): reject ac_validation_failed: \(outcome.reason ?? "")")
            }
        }
        try ledger.finish(row.id, state: .completed, error: nil, outcomes: [])
    }

    /// Syncs one contact; nil when transient failures exhausted the attempts.
    func syncContact(_ file: BatchFile, _ i: Int, batch: Int64) async throws(SubmitError) -> ContactOutcome? {
        let c = file.contacts[i]
        let email = file.email(at: i)
        var contact: [(String, JSONValue)] = [("email", .string(email))]
        for (from, to) in [("first_name", "firstName"), ("last_name", "lastName"), ("phone", "phone")] {
            if let v = c[from]?.stringValue { contact.append((to, .string(v))) }
        }
        let fieldValues = (c["fields"]?.arrayValue ?? []).compactMap { f -> JSONValue? in
            guard let id = f["id"]?.text, let value = f["value"] else { return nil }
            return .object([("field", .string(id)), ("value", .string(value.text))])
        }
        if !fieldValues.isEmpty { contact.append(("fieldValues", .array(fieldValues))) }
        var base = ContactOutcome(batch: batch, index: i, email: email, kind: .imported, source: file.sources[i])

        guard let reply = try await call("POST", "contact/sync", body: .object([("contact", .object(contact))])) else { return nil }
        guard reply.status == 200 || reply.status == 201, let json = try? JSONValue.parse(reply.body),  // nil: handled as a refusal below
              let id = json["contact"]?["id"]?.text else {
            base.kind = .rejected
            base.code = .acValidationFailed
            base.reason = "ActiveCampaign refused the contact: \(Self.errorText(reply))"
            return base
        }
        base.kind = reply.status == 201 ? .created : .updated
        base.contactId = id
        for tag in (c["tags"]?.arrayValue ?? []).compactMap(\.stringValue) {
            guard let tagId = try await tagId(tag) else { return nil }
            let body = JSONValue.object([("contactTag", .object([("contact", .string(id)), ("tag", .string(tagId))]))])
            guard try await call("POST", "contactTags", body: body) != nil else { return nil }
        }
        for (key, status) in [("subscribe", 1), ("unsubscribe", 2)] {
            for list in c[key]?.arrayValue ?? [] {
                guard let listId = list["listid"]?.text else { continue }
                let body = JSONValue.object([("contactList", .object([("list", .string(listId)), ("contact", .string(id)), ("status", .number(String(status)))]))])
                guard try await call("POST", "contactLists", body: body) != nil else { return nil }
            }
        }
        return base
    }

    /// The id of tag `name`, found by search or created.
    func tagId(_ name: String) async throws(SubmitError) -> String? {
        if let id = tagIds[name.lowercased()] { return id }
        guard let found = try await call("GET", "tags", query: [("search", name)]) else { return nil }
        if let json = try? JSONValue.parse(found.body) {  // nil: not found, created below
            for t in json["tags"]?.arrayValue ?? [] where t["tag"]?.stringValue?.lowercased() == name.lowercased() {
                if let id = t["id"]?.text { tagIds[name.lowercased()] = id; return id }
            }
        }
        let body = JSONValue.object([("tag", .object([("tag", .string(name)), ("tagType", .string("contact")), ("description", .string(""))]))])
        guard let made = try await call("POST", "tags", body: body) else { return nil }
        guard let json = try? JSONValue.parse(made.body), let id = json["tag"]?["id"]?.text else { return nil }  // nil: counted as a failed attempt
        tagIds[name.lowercased()] = id
        return id
    }

    /// One request of the contacts-API route, paced, retried on 429, 5xx and network errors;
    /// nil when the attempts are spent. Other answers are returned as they are.
    func call(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) async throws(SubmitError) -> HTTPReply? {
        var bytes: [UInt8]?
        if let body {
            var w = JSONWriter()
            body.write(to: &w)
            bytes = w.bytes
        }
        for attempt in 1...max(1, configuration.maxAttempts) {
            let t = now()
            await sleep(pacer.delay(for: .other, at: t))
            let result = await request(method, path, query: query, body: bytes, kind: .other)
            var retryAfter: Double?
            switch result {
            case .success(let reply) where reply.status == 401 || reply.status == 403:
                throw .unauthorized(status: reply.status)
            case .success(let reply) where reply.status == 429 || reply.status >= 500:
                retryAfter = reply.retryAfter
            case .success(let reply):
                return reply
            case .failure(let f):
                try stopIfUnreachable(f)
            }
            if attempt < configuration.maxAttempts {
                retries += 1
                await sleep(retryAfter ?? configuration.backoff.delay(attempt: attempt, unit: jitter()))
            }
        }
        return nil
    }

    static func errorText(_ reply: HTTPReply) -> String {
        if let json = try? JSONValue.parse(reply.body),  // nil: the raw text is used
           let first = json["errors"]?.arrayValue?.first, let title = first["title"]?.stringValue {
            return "\(title) (HTTP \(reply.status))"
        }
        return "HTTP \(reply.status): '\(reply.text)'"
    }
}
