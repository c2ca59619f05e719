import ListwashCore

/// The `normalize` stage (issue 5, DESIGN §3): emails checked and normalized (invalid ones
/// rejected), phones to E.164, names trimmed, cased and split, tags split and deduplicated,
/// custom fields mapped to ActiveCampaign ids, dates to `YYYY-MM-DD`. Every modification can
/// be listed on the record with `explain` (`_changes`), and warnings go to `_notes`. Control
/// and invisible format characters are removed from names, company and tags, with a note
/// (``InvisibleCharacters``).
///
/// Normalizing a normalized record changes nothing.
public struct NormalizeStage: ConfigurableStage {
    public let name = "normalize"
    let options: NormalizeOptions
    let email: EmailNormalizer
    var phone: PhoneNormalizer
    let tags: TagNormalizer
    let dates: DateNormalizer
    /// What ``PlainLineRewriting`` keeps of the line it is deciding.
    var plain = PlainLineState()

    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var reader = SettingsReader(settings, spec: Self.spec)
        let options = NormalizeOptions(reading: &reader)
        try reader.finish()
        self.init(options: options, context: context)
    }

    init(options: NormalizeOptions, context: StageContext) {
        self.options = options
        email = EmailNormalizer(options: options.email, context: context)
        phone = PhoneNormalizer(region: options.defaultRegion)
        tags = TagNormalizer(separators: options.tagSeparators, dedupe: options.tagDedupe)
        dates = DateNormalizer(order: options.dateOrder)
    }

    public mutating func process(_ record: consuming ContactRecord, into out: inout StageOutput) {
        // The record is consumed, so the edits below happen in place when the caller kept no
        // copy (`consume` ends the parameter here, so it holds no second reference). The record
        // as received is kept only when a phone reject may need it. A caller that still holds
        // the record (StageRunner.push, the run's reading loop) shares its box, and the first
        // edit copies it.
        var r = consume record
        var log = EditLog(enabled: options.explain)
        let received: ContactRecord? = options.phoneMode == .e164 && r.phone != nil ? r : nil
        switch email.normalize(r.email, log: &log) {
        case .rejected(let code, let reason, let fix):
            // A field holding several addresses keeps the contact under the first valid one.
            guard code == .emailInvalid, splitEmailList(&r, log: &log) || emailFromOtherField(&r, log: &log) else {
                out.reject(r, Reject(code: code, stage: name, reason: reason, fix: fix))
                return
            }
        case .accepted(let address, let notes):
            // Fields are written only when they change (the normalizers return the value itself
            // when there is nothing to do, so the comparison is one word): a record read from
            // JSON Lines that comes out unchanged is then written on as the line it was read
            // from (`listwash normalize` in a pipe: 46 % of the benchmark's records).
            if address != r.email { r.email = address }
            for n in notes { r.addNote(n) }
        }
        if !r.extra.isEmpty, let marker = OptOutMarkers.marker(in: r.extra) {
            let message = OptOutMarkers.reason(for: marker)
            if options.rejectOptedOut {
                out.reject(r, Reject(code: .optedOut, stage: name, reason: message,
                                     fix: "leave the contact out; to import it anyway (not subscribing it to lists), set normalize's 'consent.opted_out: keep'"))
                return
            }
            r.addNote(Note(code: "opted_out_kept", field: marker.key, message: message + "; kept because 'consent.opted_out' is 'keep'"))
        }
        if let received, let raw = r.phone, let reject = normalizePhone(raw, of: &r, log: &log) {
            out.reject(received, reject)
            return
        }
        normalizeNames(&r, log: &log)
        normalizeCompany(&r, log: &log)
        if !r.tags.isEmpty {
            let (t, removed) = tags.normalizeCounting(r.tags)
            if !removed.isEmpty { r.addNote(InvisibleCharacters.note(removed, field: "tags")) }
            if t != r.tags {
                log.record("tags", r.tags.joined(separator: "\n"), t.joined(separator: "\n"), rule: "tags.split_trim_dedupe")
                r.tags = t
            }
        }
        options.fields.apply(to: &r, log: &log)
        if !options.dateFields.isEmpty { normalizeDates(&r, log: &log) }
        if !r.fields.isEmpty { removeInvisibleFromFields(&r, log: &log) }
        if !log.changes.isEmpty { r.changes += log.changes }
        out.emit(r)
    }

    /// E.164 or the invalid-phone policy; returns the reject when the policy is `reject`.
    private mutating func normalizePhone(_ raw: String, of r: inout ContactRecord, log: inout EditLog) -> Reject? {
        switch phone.normalize(raw) {
        case .normalized(let e164):
            log.record("phone", raw, e164, rule: "phone.e164")
            r.phone = e164
        case .empty:
            log.record("phone", raw, nil, rule: "phone.trim")
            r.phone = nil
        case .invalid(let problem):
            // Google Contacts joins a field's values with " ::: ", HubSpot with ';', hand-made
            // sheets with ',' or ' / ': keep the first valid number. Those lists need two valid
            // numbers (';' also starts an extension, as in '+1 415 555 0100;ext=2', ',' a dial
            // string's pause, '/' a German area code).
            let google = raw.contains(" ::: ")
            var parts: [String] = []
            var valid: [String?] = []
            var isList = false
            for separator in google ? [" ::: "] : [";", ",", " / "] where raw.contains(separator) {
                parts = raw.components(separatedBy: separator).map { Whitespace.trimSpaces($0) }.filter { !$0.isEmpty }
                valid = parts.map { part -> String? in
                    if case .normalized(let e164) = phone.normalize(part) { return e164 }
                    return nil
                }
                isList = google ? parts.count >= 2 : valid.compactMap { $0 }.count >= 2
                if isList { break }
            }
            for (i, number) in valid.enumerated() where isList {
                guard let e164 = number else { continue }
                var others = parts
                others.remove(at: i)
                log.record("phone", raw, e164, rule: "phone.list_split")
                r.phone = e164
                r.extra.append(KeyValue("other_phones", others.joined(separator: "; ")))
                r.addNote(Note(code: "phone_list_split", field: "phone",
                               message: "the phone field held \(parts.count) numbers; '\(e164)' is the phone, the others are kept in _extra 'other_phones'"))
                return nil
            }
            switch options.invalidPhone {
            case .note:
                let trimmed = Whitespace.trimSpaces(raw)
                log.record("phone", raw, trimmed, rule: "phone.trim")
                r.phone = trimmed
                r.addNote(Note(code: problem.code, field: "phone", message: problem.message))
            case .reject:
                return Reject(code: .phoneInvalid, stage: name, reason: problem.message, fix: problem.fix)
            case .dropValue:
                log.record("phone", raw, nil, rule: "phone.drop_invalid")
                r.phone = nil
                r.addNote(Note(code: problem.code, field: "phone", message: problem.message + "; the phone was removed"))
            }
        }
        return nil
    }

    func trimName(_ s: String) -> String {
        options.collapseSpaces ? Whitespace.collapse(s) : Whitespace.trimSpaceAndTab(s)
    }

    /// `raw` without control and invisible characters (``InvisibleCharacters``), noting any
    /// removed; `raw` itself when there are none.
    @inline(__always)
    private func visible(_ raw: String, field: String, notes: inout [Note], log: inout EditLog) -> String {
        guard InvisibleCharacters.mayHold(raw) else { return raw }
        let (text, removed) = InvisibleCharacters.removedScanning(raw)
        guard !removed.isEmpty else { return raw }
        log.record(field, raw, text, rule: "text.invisible")
        notes.append(InvisibleCharacters.note(removed, field: field))
        return text
    }

    /// For an email field that lists several addresses (``EmailList``): the first one that
    /// normalizes becomes the email, the others go to `_extra` (`other_emails`), with an
    /// `email_list_split` note. False, changing nothing, when the field is no such list or none
    /// of its addresses is valid.
    private func splitEmailList(_ r: inout ContactRecord, log: inout EditLog) -> Bool {
        guard let raw = r.email, let parts = EmailList.parts(of: raw) else { return false }
        for (i, part) in parts.enumerated() {
            guard case .accepted(let address, let notes) = email.normalize(part, log: &log) else { continue }
            var others = parts
            others.remove(at: i)
            log.record("email", raw, address, rule: "email.list_split")
            r.email = address
            for n in notes { r.addNote(n) }
            if others.isEmpty {
                r.addNote(Note(code: "email_list_split", field: "email", message: "the email field '\(raw)' held one address and a separator; '\(address)' is the email"))
                return true
            }
            r.extra.append(KeyValue("other_emails", others.joined(separator: "; ")))
            r.addNote(Note(code: "email_list_split", field: "email",
                           message: "the email field held \(parts.count) addresses; '\(address)' is the email, the others are kept in _extra 'other_emails'"))
            return true
        }
        return false
    }

    /// For an invalid email: the first valid address in another email field the parser kept in
    /// `_extra` (a vCard's second EMAIL, Outlook's "E-mail 2 Address" beside an Exchange X.500
    /// path, Google's "E-mail 2 - Value") becomes the email, with an `email_from_other_field`
    /// note; the invalid value stays in `_extra` as "email (invalid)". False, changing nothing,
    /// when there is none.
    private func emailFromOtherField(_ r: inout ContactRecord, log: inout EditLog) -> Bool {
        guard let raw = r.email else { return false }
        for (i, kv) in r.extra.enumerated() where kv.key.lowercased().contains("mail") {
            guard case .accepted(let address, let notes) = email.normalize(kv.value, log: &log) else { continue }
            log.record("email", raw, address, rule: "email.other_field")
            r.email = address
            r.extra.remove(at: i)
            r.extra.append(KeyValue("email (invalid)", raw))
            for n in notes { r.addNote(n) }
            r.addNote(Note(code: "email_from_other_field", field: "email",
                           message: "'\(raw)' is not a valid address; '\(address)' from '\(kv.key)' is the email, the invalid value is kept in _extra 'email (invalid)'"))
            return true
        }
        return false
    }

    private func normalizeNames(_ r: inout ContactRecord, log: inout EditLog) {
        let trimRule = options.collapseSpaces ? "names.collapse_spaces" : "names.trim"
        var notes: [Note] = []
        if let raw = r.firstName {
            let v = visible(raw, field: "first_name", notes: &notes, log: &log)
            let t = trimName(v)
            if t.isEmpty || t != raw { r.firstName = t.isEmpty ? nil : t }
            log.record("first_name", v, r.firstName, rule: trimRule)
        }
        if let raw = r.lastName {
            let v = visible(raw, field: "last_name", notes: &notes, log: &log)
            let t = trimName(v)
            if t.isEmpty || t != raw { r.lastName = t.isEmpty ? nil : t }
            log.record("last_name", v, r.lastName, rule: trimRule)
        }
        for n in notes { r.addNote(n) }
        // A "full name" that is only an address (Outlook's display name when it has no other)
        // has no name to split.
        if options.splitFullName, r.firstName == nil, r.lastName == nil, let full = r.fullName, !trimName(full).isEmpty,
           case let split = FullNameSplitter.split(full), split.first != nil || split.last != nil {
            r.firstName = split.first
            r.lastName = split.last
            log.record("first_name", nil, split.first, rule: "names.split_full_name")
            log.record("last_name", nil, split.last, rule: "names.split_full_name")
            var message = "'\(full)' split into first name '\(split.first ?? "")' and last name '\(split.last ?? "")'"
            if split.familyNameFirst { message += " (family name first, as names in Chinese, Japanese and Korean script are written)" }
            if !split.droppedPrefixes.isEmpty { message += "; dropped '\(split.droppedPrefixes.joined(separator: " "))'" }
            r.addNote(Note(code: "full_name_split", field: "_full_name", message: message))
        }
        guard options.titleCaseNames else { return }
        if let v = r.firstName {
            r.firstName = NameCaser.title(v)
            log.record("first_name", v, r.firstName, rule: "names.title_case")
        }
        if let v = r.lastName {
            r.lastName = NameCaser.title(v)
            log.record("last_name", v, r.lastName, rule: "names.title_case")
        }
    }

    private func normalizeCompany(_ r: inout ContactRecord, log: inout EditLog) {
        guard let raw = r.customerAcctName else { return }
        var notes: [Note] = []
        let v = visible(raw, field: "customer_acct_name", notes: &notes, log: &log)
        let t = trimName(v)
        log.record("customer_acct_name", v, t.isEmpty ? nil : t, rule: options.collapseSpaces ? "names.collapse_spaces" : "names.trim")
        if t.isEmpty || t != raw { r.customerAcctName = t.isEmpty ? nil : t }
        for n in notes { r.addNote(n) }
    }

    /// Custom field values go to ActiveCampaign as they are: without control and invisible
    /// characters either (``InvisibleCharacters``), noted per field.
    private func removeInvisibleFromFields(_ r: inout ContactRecord, log: inout EditLog) {
        var notes: [Note] = []
        for i in r.fields.indices {
            let raw = r.fields[i].value
            let v = visible(raw, field: "fields.\(r.fields[i].key)", notes: &notes, log: &log)
            // Written only when changed: a write unshares the record's box.
            if v.utf8.count != raw.utf8.count { r.fields[i].value = v }
        }
        for n in notes { r.addNote(n) }
    }

    private func normalizeDates(_ r: inout ContactRecord, log: inout EditLog) {
        var notes: [Note] = []
        for i in r.fields.indices where options.dateFields.contains(r.fields[i].key) || options.dateFieldIds.contains(r.fields[i].key) {
            r.fields[i].value = convertDate(r.fields[i].value, field: "fields.\(r.fields[i].key)", notes: &notes, log: &log)
        }
        for i in r.extra.indices where options.dateFields.contains(r.extra[i].key) {
            r.extra[i].value = convertDate(r.extra[i].value, field: "_extra.\(r.extra[i].key)", notes: &notes, log: &log)
        }
        // A placeholder date became empty: a custom field without a value is not sent.
        if r.fields.contains(where: { $0.value.isEmpty }) { r.fields.removeAll { $0.value.isEmpty } }
        for n in notes { r.addNote(n) }
    }

    /// `value` as `YYYY-MM-DD`, or unchanged with a note when it cannot be read as one date.
    private func convertDate(_ value: String, field: String, notes: inout [Note], log: inout EditLog) -> String {
        if value.isEmpty { return value }
        switch dates.normalize(value) {
        case .date(let d):
            log.record(field, value, d, rule: "dates.iso")
            return d
        case .expandedYear(let d, let message):
            log.record(field, value, d, rule: "dates.iso")
            notes.append(Note(code: "date_year_expanded", field: field, message: message))
            return d
        case .problem(let code, let message):
            notes.append(Note(code: code, field: field, message: message))
            return value
        case .placeholder:
            log.record(field, value, nil, rule: "dates.placeholder")
            notes.append(Note(code: "date_placeholder_removed", field: field, message: "'\(value)' stands for no date (as Outlook writes it); the value was removed"))
            return ""
        }
    }
}

extension ContactRecord {
    /// Adds `note` unless the record already carries the same one (so normalizing twice
    /// changes nothing).
    mutating func addNote(_ note: Note) {
        if !notes.contains(note) { notes.append(note) }
    }
}
