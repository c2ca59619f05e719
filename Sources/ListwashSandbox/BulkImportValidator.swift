import ListwashCore

/// The importer's checks on `POST /import/bulk_import` (ac-bulk-import-api.md): size, count,
/// and per-contact rules, answered with the documented 400 bodies.
enum BulkImportValidator {
    static let maxContacts = 250
    static let maxBytes = 399_999

    /// The outcome of validating a request.
    enum Outcome {
        case valid(request: JSONValue, contacts: [JSONValue])
        case refused(SandboxResponse)
    }

    /// The parsed request and its contacts, or the 400 to answer.
    static func validate(_ body: [UInt8], indexBase: Int = 0) -> Outcome {
        if body.count > maxBytes {
            return .refused(.notQueued("JSON payload is \(body.count) bytes; the limit is \(maxBytes). The import was not queued for processing."))
        }
        guard let request = try? JSONValue.parse(body) else {  // nil: answered as the importer does
            return .refused(.notQueued("Invalid JSON payload. The import was not queued for processing."))
        }
        guard let contacts = request["contacts"]?.arrayValue, !contacts.isEmpty else {
            return .refused(.notQueued("'contacts' is a required field."))
        }
        if contacts.count > maxContacts {
            return .refused(.notQueued("Up to \(maxContacts) contacts may be imported per request. The import was not queued for processing."))
        }
        var reasons: [JSONValue] = []
        func fail(_ i: Int, _ text: String) {
            reasons.append(.object([("contact", .number(String(i + indexBase))), ("failureReason", .string(text))]))
        }
        for (i, c) in contacts.enumerated() {
            guard case .object = c else { fail(i, "Contact must be an object"); continue }
            let email = c["email"]?.stringValue ?? ""
            if email.isEmpty { fail(i, "Field 'email' is required") } else if !isValidEmail(email) { fail(i, "Field 'email' incorrect format") }
            if let tags = c["tags"], tags.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true { fail(i, "Field 'tags' incorrect format") }
            for key in ["subscribe", "unsubscribe"] {
                if let lists = c[key], lists.arrayValue?.allSatisfy({ $0["listid"]?.intValue != nil }) != true { fail(i, "Field '\(key)' incorrect format") }
            }
            if let fields = c["fields"], fields.arrayValue?.allSatisfy({ $0["id"]?.intValue != nil && $0["value"] != nil }) != true {
                fail(i, "Field 'fields' incorrect format")
            }
        }
        if !reasons.isEmpty {
            return .refused(.notQueued("JSON payload did not pass validation. Please fix failure Reasons and retry. The import was not queued for processing.", reasons: reasons))
        }
        return .valid(request: request, contacts: contacts)
    }

    /// The importer's coarse email rule: one '@', something before it, a dotted domain, no spaces.
    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, email.utf8.count <= 254 else { return false }
        if email.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty } && !parts[0].contains("..")
    }
}
