import ListwashCore

/// Which values make two records the same contact (`key: [email, customer_acct_name]`), and how
/// they are folded before comparing: trimmed, lowercased, inner whitespace folded to one space;
/// with `provider_rules`, the email also takes its provider's matching form (``ProviderRules``).
///
/// The parts are joined with 0x1F (unit separator), which folding never produces, and the bytes
/// are fingerprinted once per record into a reused buffer (no allocation on the ASCII path).
struct DedupeKey {
    /// One part of a key: a contact property or a custom field (`fields.12`).
    enum Part: Equatable {
        case email, firstName, lastName, phone, company
        case field(String)

        init?(_ name: String) {
            switch name {
            case "email": self = .email
            case "first_name": self = .firstName
            case "last_name": self = .lastName
            case "phone": self = .phone
            case "customer_acct_name": self = .company
            default:
                guard name.hasPrefix("fields."), name.count > 7 else { return nil }
                self = .field(String(name.dropFirst(7)))
            }
        }

        static let names = ["email", "first_name", "last_name", "phone", "customer_acct_name", "fields.<id>"]

        /// Appends the part's value of `r` folded (``KeyText``); false when it has none. Reads
        /// the value in place (no copy of the string, so no retain per record).
        func appendFolded(of r: ContactRecord, to out: inout [UInt8]) -> Bool {
            switch self {
            case .email: return r.email.map { KeyText.appendFolded($0, to: &out) } ?? false
            case .firstName: return r.firstName.map { KeyText.appendFolded($0, to: &out) } ?? false
            case .lastName: return r.lastName.map { KeyText.appendFolded($0, to: &out) } ?? false
            case .phone: return r.phone.map { KeyText.appendFolded($0, to: &out) } ?? false
            case .company: return r.customerAcctName.map { KeyText.appendFolded($0, to: &out) } ?? false
            case .field(let id): return r.fields[key: id].map { KeyText.appendFolded($0, to: &out) } ?? false
            }
        }
    }

    let parts: [Part]
    /// The key as written in messages: `email` or `email+customer_acct_name` (made once: every
    /// duplicate's reason names it).
    let label: String
    /// Whether the key is the email alone (the default).
    let isEmailOnly: Bool
    let providerRules: Bool
    let hashKey: FingerprintKey
    private var scratch: [UInt8] = []

    init(parts: [Part], providerRules: Bool, hashKey: FingerprintKey) {
        self.parts = parts
        label = Self.label(of: parts)
        isEmailOnly = parts == [.email]
        self.providerRules = providerRules
        self.hashKey = hashKey
        scratch.reserveCapacity(256)
    }

    /// The folded key bytes of `r`, or nil when the record has no key: its email is empty while
    /// the key includes the email, or every part is empty. Such records are never merged.
    mutating func bytes(of r: ContactRecord) -> [UInt8]? {
        fill(r) ? scratch : nil
    }

    /// Folds `r`'s key into the scratch buffer; false when it has none.
    private mutating func fill(_ r: ContactRecord) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        var any = false
        for i in parts.indices {
            let part = parts[i]
            if i > 0 { scratch.append(0x1F) }
            let start = scratch.count
            let present = part.appendFolded(of: r, to: &scratch)
            if part == .email {
                guard present else { return false }
                if providerRules { ProviderRules.canonicalize(&scratch, from: start) }
            }
            any = any || present
        }
        return any
    }

    /// The fingerprint of `r`'s key, or nil when it has none (see ``bytes(of:)``).
    mutating func fingerprint(of r: ContactRecord) -> Fingerprint128? {
        guard fill(r) else { return nil }
        return scratchFingerprint
    }

    /// ``fingerprint(of:)`` of a record whose email has these UTF-8 bytes, for a key of the
    /// email alone (``DedupeStage/passesUnchanged(email:source:)``).
    mutating func fingerprint(ofEmail email: UnsafeBufferPointer<UInt8>) -> Fingerprint128? {
        precondition(isEmailOnly, "fingerprint(ofEmail:) is for a key of the email alone")
        scratch.removeAll(keepingCapacity: true)
        guard KeyText.appendFolded(email, to: &scratch) else { return nil }
        if providerRules { ProviderRules.canonicalize(&scratch, from: 0) }
        return scratchFingerprint
    }

    /// The fingerprint of the key folded into ``scratch``.
    private var scratchFingerprint: Fingerprint128 { scratch.withUnsafeBytes { Fingerprint128($0, key: hashKey) } }

    private static func label(of parts: [Part]) -> String {
        parts.map { p -> String in
            switch p {
            case .email: return "email"
            case .firstName: return "first_name"
            case .lastName: return "last_name"
            case .phone: return "phone"
            case .company: return "customer_acct_name"
            case .field(let id): return "fields.\(id)"
            }
        }.joined(separator: "+")
    }
}
