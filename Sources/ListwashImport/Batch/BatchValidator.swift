/// Checks one batch against the bulk-import API's rules right before it is written
/// (ac-bulk-import-api.md "Limits"): 1 to 250 contacts (or the run's lower limit), at most
/// 399,999 bytes as sent (or lower), every contact with a non-empty, well-shaped email, and no
/// email twice (outcomes name contacts by email, so they must be unique within a batch).
///
/// The writer packs batches so that these hold; the check is the last line of defence before a
/// file that `submit` would send exists, so a bug shows up as a refused run, never as a request
/// the API rejects.
enum BatchValidator {
    static func problems(of batch: PendingBatch, envelope: RequestEnvelope, maxContacts: Int, maxBytes: Int) -> [String] {
        var found: [String] = []
        if batch.isEmpty { found.append("no contacts") }
        if batch.count > maxContacts { found.append("\(batch.count) contacts, over the limit of \(maxContacts)") }
        let bytes = envelope.overhead + batch.body.count
        if bytes > maxBytes { found.append("\(bytes) bytes, over the limit of \(maxBytes)") }
        let emailKey = Array("{\"email\":\"".utf8)
        var seen = EmailKeySet(capacity: batch.count)
        // Over the body's contiguous bytes: slicing the array for every contact went through
        // generic (unspecialized) collection code. The checks stay independent of the writer's
        // own: this is the guard against a writer bug.
        batch.body.bytes.withUnsafeBufferPointer { body in
            for i in 0..<batch.count {
                let start = batch.starts[i]
                let end = start + emailKey.count
                if end >= body.count || !emailKey.indices.allSatisfy({ body[start + $0] == emailKey[$0] }) || body[end] == UInt8(ascii: "\"") {
                    found.append("contact \(i + 1) does not start with a non-empty email")
                }
                let key = batch.keys[i]
                if !EmailCheck.hasBasicShape(key) { found.append("contact \(i + 1) has the malformed email '\(key)'") }
                if !seen.insert(key) { found.append("the email '\(key)' appears twice") }
            }
        }
        return found
    }
}
