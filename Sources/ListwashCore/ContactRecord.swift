/// One record between stages: one JSON Lines object (DESIGN §2).
///
/// Contact properties use ActiveCampaign's names so a record maps onto a bulk-import contact one
/// to one; `nil` and empty mean unknown and are omitted when written. Everything prefixed `_` in
/// JSON is listwash's own: provenance, unmapped source values, notes, changes and the reject.
public struct ContactRecord: Sendable, Hashable {
    // The properties live in one reference-counted box, copied on write: a record moves through
    // every stage, the runner and the codecs by value, and a copy of sixteen separately counted
    // properties (about 300 bytes and fifteen retains) cost more than the stages' own work in
    // the profile of the 1M-row benchmark. Copying a record is now one retain.
    @usableFromInline final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) @usableFromInline var email: String?
        @exclusivity(unchecked) @usableFromInline var firstName: String?
        @exclusivity(unchecked) @usableFromInline var lastName: String?
        @exclusivity(unchecked) @usableFromInline var phone: String?
        @exclusivity(unchecked) @usableFromInline var customerAcctName: String?
        @exclusivity(unchecked) @usableFromInline var tags: [String]
        @exclusivity(unchecked) @usableFromInline var source: Provenance
        /// The properties most records lack, in a box of their own made when one is first set:
        /// freeing a record released each of its sixteen properties one by one, 6 % of `dedupe`
        /// and 4 % of `batch`, and the box was three times the size of the common properties.
        @exclusivity(unchecked) @usableFromInline var rare: Rare?
        /// Whether the rare box holds a reject, kept here: reading the optional to test it copied
        /// all of its 170 bytes (and retained its strings) for every record at every stage, 4 %
        /// of `listwash run` in the profile.
        @exclusivity(unchecked) @usableFromInline var hasReject = false
        /// Set by the JSON Lines decoder for a record read from a line with its own `_src`;
        /// cleared by any change (``unique``). See ``isUnchangedSinceDecoding``.
        @exclusivity(unchecked) @usableFromInline var unchangedSinceDecoding = false
        /// See ``exclusionClearance``; cleared by any change, like the flag above.
        @exclusivity(unchecked) @usableFromInline var clearance: UInt32 = 0
        /// See ``premarkedKey(_:)``: the mark (0: none) and the fingerprint's two words;
        /// cleared by any change, like the marks above.
        @exclusivity(unchecked) @usableFromInline var keyMark: UInt32 = 0
        @exclusivity(unchecked) @usableFromInline var keyHi: UInt64 = 0
        @exclusivity(unchecked) @usableFromInline var keyLo: UInt64 = 0

        @usableFromInline init(email: String?, firstName: String?, lastName: String?, phone: String?, customerAcctName: String?, tags: [String], source: Provenance, rare: Rare?) {
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.phone = phone
            self.customerAcctName = customerAcctName
            self.tags = tags
            self.source = source
            self.rare = rare
            // Tested only with a rare box: `rare?.reject != nil` made and destroyed an optional
            // reject through the generic runtime for every record made (0.8 % of `run`).
            if let rare { hasReject = rare.reject != nil }
        }

        @usableFromInline func copy() -> Storage {
            Storage(email: email, firstName: firstName, lastName: lastName, phone: phone, customerAcctName: customerAcctName, tags: tags, source: source, rare: rare?.copy())
        }

        /// The rare box, made empty when there is none (for a change to one of its properties).
        @inlinable var rareBox: Rare {
            if let rare { return rare }
            let box = Rare()
            rare = box
            return box
        }
    }

    /// The properties of ``Storage/rare``. Owned by one `Storage` (its copy copies this too), so
    /// it is changed in place only through its owner's ``unique``.
    @usableFromInline final class Rare: @unchecked Sendable {
        @exclusivity(unchecked) @usableFromInline var fields: [KeyValue] = []
        @exclusivity(unchecked) @usableFromInline var subscribe: [Int] = []
        @exclusivity(unchecked) @usableFromInline var unsubscribe: [Int] = []
        @exclusivity(unchecked) @usableFromInline var fullName: String?
        @exclusivity(unchecked) @usableFromInline var extra: [KeyValue] = []
        @exclusivity(unchecked) @usableFromInline var notes: [Note] = []
        @exclusivity(unchecked) @usableFromInline var changes: [Change] = []
        @exclusivity(unchecked) @usableFromInline var merged: [Provenance] = []
        @exclusivity(unchecked) @usableFromInline var reject: Reject?

        @usableFromInline init() {}

        @usableFromInline init(fields: [KeyValue], subscribe: [Int], unsubscribe: [Int], fullName: String?, extra: [KeyValue],
                               notes: [Note], changes: [Change], merged: [Provenance], reject: Reject?) {
            self.fields = fields
            self.subscribe = subscribe
            self.unsubscribe = unsubscribe
            self.fullName = fullName
            self.extra = extra
            self.notes = notes
            self.changes = changes
            self.merged = merged
            self.reject = reject
        }

        @usableFromInline func copy() -> Rare {
            Rare(fields: fields, subscribe: subscribe, unsubscribe: unsubscribe, fullName: fullName, extra: extra,
                 notes: notes, changes: changes, merged: merged, reject: reject)
        }
    }

    @usableFromInline var storage: Storage

    // A record without a rare box yields empty values for the rare properties: reading them
    // through a shared empty box cost a lazy global's check and a retain per read, 0.7 % of
    // `normalize` for one `fields.isEmpty` per record.
    //
    // The properties are read through `_read` (yielding the box's value in place) rather than
    // `get` (returning a copy): a stage that only looks at a value (`r.email?.isEmpty`, the
    // dedupe key, the batch writer's checks) then neither retains nor releases its storage.

    /// The box, unshared first when another record holds it too.
    @inlinable var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) {
                storage = storage.copy()
            } else {
                storage.unchangedSinceDecoding = false
                storage.clearance = 0
                storage.keyMark = 0
            }
            return storage
        }
    }

    @inlinable public var email: String? {
        _read { yield storage.email }
        set { unique.email = newValue }
        _modify { let box = unique; yield &box.email }
    }
    @inlinable public var firstName: String? {
        _read { yield storage.firstName }
        set { unique.firstName = newValue }
        _modify { let box = unique; yield &box.firstName }
    }
    @inlinable public var lastName: String? {
        _read { yield storage.lastName }
        set { unique.lastName = newValue }
        _modify { let box = unique; yield &box.lastName }
    }
    @inlinable public var phone: String? {
        _read { yield storage.phone }
        set { unique.phone = newValue }
        _modify { let box = unique; yield &box.phone }
    }
    /// The contact's account (company).
    @inlinable public var customerAcctName: String? {
        _read { yield storage.customerAcctName }
        set { unique.customerAcctName = newValue }
        _modify { let box = unique; yield &box.customerAcctName }
    }
    @inlinable public var tags: [String] {
        _read { yield storage.tags }
        set { unique.tags = newValue }
        _modify { let box = unique; yield &box.tags }
    }
    /// Custom fields by ActiveCampaign field id (JSON `fields`: `{"12":"gold"}`), in order.
    @inlinable public var fields: [KeyValue] {
        _read { if let rare = storage.rare { yield rare.fields } else { yield [] } }
        set { unique.rareBox.fields = newValue }
        _modify { let box = unique.rareBox; yield &box.fields }
    }
    /// List ids to subscribe to.
    @inlinable public var subscribe: [Int] {
        _read { if let rare = storage.rare { yield rare.subscribe } else { yield [] } }
        set { unique.rareBox.subscribe = newValue }
        _modify { let box = unique.rareBox; yield &box.subscribe }
    }
    /// List ids to unsubscribe from.
    @inlinable public var unsubscribe: [Int] {
        _read { if let rare = storage.rare { yield rare.unsubscribe } else { yield [] } }
        set { unique.rareBox.unsubscribe = newValue }
        _modify { let box = unique.rareBox; yield &box.unsubscribe }
    }
    /// `_full_name`: a whole-name value from the source (a "Name" column, vCard FN), kept for
    /// normalize to split into first/last when those are empty. Never sent.
    @inlinable public var fullName: String? {
        _read { if let rare = storage.rare { yield rare.fullName } else { yield nil } }
        set { unique.rareBox.fullName = newValue }
        _modify { let box = unique.rareBox; yield &box.fullName }
    }
    /// `_src`: where the record came from. Always present.
    @inlinable public var source: Provenance {
        _read { yield storage.source }
        set { unique.source = newValue }
        _modify { let box = unique; yield &box.source }
    }
    /// `_extra`: source columns or properties not mapped to a contact property. Never sent.
    @inlinable public var extra: [KeyValue] {
        _read { if let rare = storage.rare { yield rare.extra } else { yield [] } }
        set { unique.rareBox.extra = newValue }
        _modify { let box = unique.rareBox; yield &box.extra }
    }
    /// `_notes`: warnings that do not reject.
    @inlinable public var notes: [Note] {
        _read { if let rare = storage.rare { yield rare.notes } else { yield [] } }
        set { unique.rareBox.notes = newValue }
        _modify { let box = unique.rareBox; yield &box.notes }
    }
    /// `_changes`: every modification, when a stage runs with `--explain`.
    @inlinable public var changes: [Change] {
        _read { if let rare = storage.rare { yield rare.changes } else { yield [] } }
        set { unique.rareBox.changes = newValue }
        _modify { let box = unique.rareBox; yield &box.changes }
    }
    /// `_merged`: the sources of the duplicates folded into this record.
    @inlinable public var merged: [Provenance] {
        _read { if let rare = storage.rare { yield rare.merged } else { yield [] } }
        set { unique.rareBox.merged = newValue }
        _modify { let box = unique.rareBox; yield &box.merged }
    }
    /// `_reject`: set when the record has left the flow. Later stages pass it on untouched.
    @inlinable public var reject: Reject? {
        _read { if let rare = storage.rare { yield rare.reject } else { yield nil } }
        set {
            let box = unique
            // No box to make for taking away a reject the record does not have.
            if newValue == nil && box.rare == nil { return }
            box.rareBox.reject = newValue
            box.hasReject = newValue != nil
        }
        _modify {
            let box = unique
            defer { box.hasReject = box.rareBox.reject != nil }
            yield &box.rareBox.reject
        }
    }

    /// An empty record from `source`, to fill in: what every parser and decoder starts from.
    /// Kept apart from the memberwise initializer below, whose eleven default arguments (empty
    /// arrays, a nil reject to copy and test) cost 900 instructions per record.
    @inlinable public init(source: Provenance) {
        storage = Storage(email: nil, firstName: nil, lastName: nil, phone: nil, customerAcctName: nil, tags: [], source: source, rare: nil)
    }

    /// A record from `source` with the common properties only, made in one step: what a parser
    /// that gathers a record's values first makes (setting them one by one on an empty record
    /// checks the box's uniqueness and writes it again for each).
    @inlinable public init(source: Provenance, email: String?, firstName: String?, lastName: String?, phone: String?,
                           customerAcctName: String?, tags: [String]) {
        storage = Storage(email: email, firstName: firstName, lastName: lastName, phone: phone, customerAcctName: customerAcctName,
                          tags: tags, source: source, rare: nil)
    }

    public init(email: String? = nil, firstName: String? = nil, lastName: String? = nil, phone: String? = nil,
                customerAcctName: String? = nil, tags: [String] = [], fields: [KeyValue] = [],
                subscribe: [Int] = [], unsubscribe: [Int] = [], fullName: String? = nil, source: Provenance,
                extra: [KeyValue] = [], notes: [Note] = [], changes: [Change] = [],
                merged: [Provenance] = [], reject: Reject? = nil) {
        let hasRare = !fields.isEmpty || !subscribe.isEmpty || !unsubscribe.isEmpty || fullName != nil || !extra.isEmpty
            || !notes.isEmpty || !changes.isEmpty || !merged.isEmpty || reject != nil
        let rare = hasRare ? Rare(fields: fields, subscribe: subscribe, unsubscribe: unsubscribe, fullName: fullName, extra: extra,
                                  notes: notes, changes: changes, merged: merged, reject: reject) : nil
        storage = Storage(email: email, firstName: firstName, lastName: lastName, phone: phone, customerAcctName: customerAcctName, tags: tags, source: source, rare: rare)
    }

    /// Whether this record is, unchanged, what the JSON Lines decoder read from a line that
    /// carried its own `_src`: writing that line again then says exactly what writing the record
    /// would (decoding either gives this record), so a stage command may pass the line through
    /// instead of encoding the record again. Any change to the record clears it.
    public var isUnchangedSinceDecoding: Bool { storage.unchangedSinceDecoding }

    /// The identity of the record's storage: two records with the same identity are the same
    /// value, one handed on (not copied and changed). With ``isUnchangedSinceDecoding``, tells a
    /// stage command that a record it writes is the one it just read.
    public var storageIdentity: ObjectIdentifier { ObjectIdentifier(storage) }

    mutating func markUnchangedSinceDecoding() { unique.unchangedSinceDecoding = true }

    /// The mark of an exclusion check that found this record's email on none of its lists
    /// (0: none). `listwash run` checks on its reading thread and leaves the mark, so the
    /// exclude stage on the other thread passes the record without looking again. Any change
    /// to the record removes the mark; it is not part of the record's value (never written,
    /// compared or hashed).
    @inlinable public var exclusionClearance: UInt32 { storage.clearance }

    /// Leaves the mark of ``exclusionClearance``. The mark is a fact about the record's values,
    /// so copies sharing its storage (which cannot change while shared) get it too; call it only
    /// while no other thread holds the record.
    public mutating func markCleared(by check: UInt32) { storage.clearance = check }

    /// The fingerprint of a dedupe key that a stage computed ahead and left under `mark`
    /// (``markKey(_:hi:lo:)``), or nil when there is none under that mark or the record changed
    /// since. `listwash run` fingerprints on its reading thread, so the dedupe stage on the
    /// other thread need not fold the key again. Like ``exclusionClearance``, it is not part of
    /// the record's value (never written, compared or hashed).
    @inlinable public func premarkedKey(_ mark: UInt32) -> (hi: UInt64, lo: UInt64)? {
        mark != 0 && storage.keyMark == mark ? (storage.keyHi, storage.keyLo) : nil
    }

    /// Leaves a key's fingerprint under `mark` (not 0) for ``premarkedKey(_:)``. As with
    /// ``markCleared(by:)``, call it only while no other thread holds the record.
    public mutating func markKey(_ mark: UInt32, hi: UInt64, lo: UInt64) {
        storage.keyHi = hi
        storage.keyLo = lo
        storage.keyMark = mark
    }

    public static func == (a: ContactRecord, b: ContactRecord) -> Bool {
        if a.storage === b.storage { return true }
        return a.email == b.email
            && a.firstName == b.firstName
            && a.lastName == b.lastName
            && a.phone == b.phone
            && a.customerAcctName == b.customerAcctName
            && a.tags == b.tags
            && a.fields == b.fields
            && a.subscribe == b.subscribe
            && a.unsubscribe == b.unsubscribe
            && a.fullName == b.fullName
            && a.source == b.source
            && a.extra == b.extra
            && a.notes == b.notes
            && a.changes == b.changes
            && a.merged == b.merged
            && a.reject == b.reject
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(email)
        hasher.combine(firstName)
        hasher.combine(lastName)
        hasher.combine(phone)
        hasher.combine(customerAcctName)
        hasher.combine(tags)
        hasher.combine(fields)
        hasher.combine(subscribe)
        hasher.combine(unsubscribe)
        hasher.combine(fullName)
        hasher.combine(source)
        hasher.combine(extra)
        hasher.combine(notes)
        hasher.combine(changes)
        hasher.combine(merged)
        hasher.combine(reject)
    }

    @inlinable public var isRejected: Bool { storage.hasReject }

    /// The lists a run-level subscription must leave out for this contact: the ones it
    /// unsubscribes from, and the ones a list-scoped exclusion removed it from (note
    /// `excluded_from_lists`). The batch writer and the audit's fill rates both follow it.
    public var blockedLists: [Int] {
        var blocked = unsubscribe
        for n in notes where n.code == "excluded_from_lists" { blocked += n.lists }
        return blocked
    }

    /// The record marked rejected. A record already rejected keeps its first reject. Consuming:
    /// a record given up for the last time is marked in place, without copying its box.
    public consuming func rejected(_ reject: Reject) -> ContactRecord {
        var copy = self
        if !copy.isRejected { copy.reject = reject }
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
