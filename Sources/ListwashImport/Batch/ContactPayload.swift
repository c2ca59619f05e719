import ListwashCore

/// Writes a record as one bulk-import contact object, with the run-level tags, lists and
/// `exclude_automations` merged in.
///
/// Keys, in this order: `email`, `first_name`, `last_name`, `phone`, `customer_acct_name`, `tags`
/// (always, `[]` when none), `fields` (`[{"id":12,"value":"gold"}]`), `subscribe`
/// (`[{"listid":3}]`), `unsubscribe`, `exclude_automations`. Empty values are omitted. Written
/// straight into the batch buffer, once per contact, so its byte count is exact.
struct ContactPayload: Sendable {
    var runTags: [String]
    var runLists: [Int]
    var excludeAutomations: Bool

    init(settings: BatchSettings) {
        runTags = settings.tags
        runLists = settings.subscribe
        excludeAutomations = settings.excludeAutomations
    }

    /// Whether a contact's object is the record's own properties alone: nothing run-level to
    /// merge in (``ContactLine`` may then copy it from the record's line).
    var isPlain: Bool { runTags.isEmpty && runLists.isEmpty && !excludeAutomations }

    /// The custom-field ids of `r`, parsed, or the first key that is not a field id.
    /// Checked before writing so that a refused record leaves no bytes behind.
    static func fieldIDs(_ r: ContactRecord) -> Result<[Int], FieldIDError> {
        // Most records have no custom fields: no array to make for them.
        if r.fields.isEmpty { return .success([]) }
        var ids: [Int] = []
        ids.reserveCapacity(r.fields.count)
        for f in r.fields where !f.value.isEmpty {
            guard let id = Int(f.key), id > 0, f.key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .failure(FieldIDError(key: f.key)) }
            ids.append(id)
        }
        return .success(ids)
    }

    /// A custom field named by something other than an ActiveCampaign field id.
    struct FieldIDError: Error { var key: String }

    /// Appends the contact object for `r` to `w`. `fieldIDs` comes from ``fieldIDs(_:)``.
    func write(_ r: ContactRecord, fieldIDs: [Int], to w: inout JSONWriter) {
        w.raw("{\"email\":")
        w.string(r.email ?? "")
        if let v = r.firstName, !v.isEmpty { w.raw(",\"first_name\":"); w.string(v) }
        if let v = r.lastName, !v.isEmpty { w.raw(",\"last_name\":"); w.string(v) }
        if let v = r.phone, !v.isEmpty { w.raw(",\"phone\":"); w.string(v) }
        if let v = r.customerAcctName, !v.isEmpty { w.raw(",\"customer_acct_name\":"); w.string(v) }
        w.raw(",\"tags\":[")
        var first = true
        for t in r.tags where !t.isEmpty {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.string(t)
        }
        for t in runTags where !r.tags.contains(t) {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.string(t)
        }
        w.byte(UInt8(ascii: "]"))
        if !fieldIDs.isEmpty {
            w.raw(",\"fields\":[")
            var i = 0
            for f in r.fields where !f.value.isEmpty {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.raw("{\"id\":"); w.int(fieldIDs[i])
                w.raw(",\"value\":"); w.string(f.value)
                w.byte(UInt8(ascii: "}"))
                i += 1
            }
            w.byte(UInt8(ascii: "]"))
        }
        writeLists("subscribe", own: r.subscribe, run: runLists, unless: runLists.isEmpty ? [] : r.blockedLists, to: &w)
        writeLists("unsubscribe", own: r.unsubscribe, run: [], unless: [], to: &w)
        if excludeAutomations { w.raw(",\"exclude_automations\":true") }
        w.byte(UInt8(ascii: "}"))
    }

    /// `,"key":[{"listid":3},...]`: the contact's own ids, then run-level ids it does not have
    /// and does not unsubscribe from; each id once. Omitted when empty.
    private func writeLists(_ key: StaticString, own: [Int], run: [Int], unless: [Int], to w: inout JSONWriter) {
        var written = 0
        func emit(_ id: Int, _ w: inout JSONWriter) {
            if written == 0 { w.byte(UInt8(ascii: ",")); w.key(key); w.byte(UInt8(ascii: "[")) } else { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"listid\":"); w.int(id); w.byte(UInt8(ascii: "}"))
            written += 1
        }
        if own.count + run.count <= 16 {
            for (i, id) in own.enumerated() where !own[..<i].contains(id) { emit(id, &w) }
            for (i, id) in run.enumerated() where !run[..<i].contains(id) && !own.contains(id) && !unless.contains(id) { emit(id, &w) }
        } else {
            // The same, with the ids seen in a set: a record listing 200,000 lists took 14 s
            // when each id was compared with all before it.
            var seen = Set<Int>()
            for id in own where seen.insert(id).inserted { emit(id, &w) }
            let blocked = Set(unless)
            for id in run where !blocked.contains(id) && seen.insert(id).inserted { emit(id, &w) }
        }
        if written > 0 { w.byte(UInt8(ascii: "]")) }
    }
}
