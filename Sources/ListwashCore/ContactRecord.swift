/// One record between stages: one JSON Lines object (DESIGN §2).
///
/// Contact properties use ActiveCampaign's names so a record maps onto a bulk-import contact one
/// to one; `nil` and empty mean unknown and are omitted when written. Everything prefixed `_` in
/// JSON is listwash's own: provenance, unmapped source values, notes, changes and the reject.
public struct ContactRecord: Sendable, Hashable {
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    /// The contact's account (company).
    public var customerAcctName: String?
    public var tags: [String]
    /// Custom fields by ActiveCampaign field id (JSON `fields`: `{"12":"gold"}`), in order.
    public var fields: [KeyValue]
    /// List ids to subscribe to.
    public var subscribe: [Int]
    /// List ids to unsubscribe from.
    public var unsubscribe: [Int]

    /// `_full_name`: a whole-name value from the source (a "Name" column, vCard FN), kept for
    /// normalize to split into first/last when those are empty. Never sent.
    public var fullName: String?

    /// `_src`: where the record came from. Always present.
    public var source: Provenance
    /// `_extra`: source columns or properties not mapped to a contact property. Never sent.
    public var extra: [KeyValue]
    /// `_notes`: warnings that do not reject.
    public var notes: [Note]
    /// `_changes`: every modification, when a stage runs with `--explain`.
    public var changes: [Change]
    /// `_merged`: the sources of the duplicates folded into this record.
    public var merged: [Provenance]
    /// `_reject`: set when the record has left the flow. Later stages pass it on untouched.
    public var reject: Reject?

    public init(email: String? = nil, firstName: String? = nil, lastName: String? = nil, phone: String? = nil,
                customerAcctName: String? = nil, tags: [String] = [], fields: [KeyValue] = [],
                subscribe: [Int] = [], unsubscribe: [Int] = [], fullName: String? = nil, source: Provenance,
                extra: [KeyValue] = [], notes: [Note] = [], changes: [Change] = [],
                merged: [Provenance] = [], reject: Reject? = nil) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.customerAcctName = customerAcctName
        self.tags = tags
        self.fields = fields
        self.subscribe = subscribe
        self.unsubscribe = unsubscribe
        self.fullName = fullName
        self.source = source
        self.extra = extra
        self.notes = notes
        self.changes = changes
        self.merged = merged
        self.reject = reject
    }

    /// Whether the record has left the flow.
    @inlinable public var isRejected: Bool { reject != nil }

    /// The record marked rejected. A record already rejected keeps its first reject.
    public func rejected(_ reject: Reject) -> ContactRecord {
        var copy = self
        if copy.reject == nil { copy.reject = reject }
        return copy
    }
}

extension ContactRecord {
    /// The contact properties a record can carry, by their JSON names, in output order.
    public enum Property: String, CaseIterable, Sendable {
        case email, firstName = "first_name", lastName = "last_name", phone
        case customerAcctName = "customer_acct_name", tags, fields, subscribe, unsubscribe
    }

    /// The single-valued string properties, readable and writable by JSON name.
    public subscript(stringProperty name: String) -> String? {
        get {
            switch name {
            case "email": return email
            case "first_name": return firstName
            case "last_name": return lastName
            case "phone": return phone
            case "customer_acct_name": return customerAcctName
            default: return nil
            }
        }
        set {
            switch name {
            case "email": email = newValue
            case "first_name": firstName = newValue
            case "last_name": lastName = newValue
            case "phone": phone = newValue
            case "customer_acct_name": customerAcctName = newValue
            default: break
            }
        }
    }

    /// The JSON names of the single-valued string properties.
    public static let stringPropertyNames = ["email", "first_name", "last_name", "phone", "customer_acct_name"]
}
