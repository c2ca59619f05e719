import ListwashCore

/// Maps one card onto the record contract (DESIGN §2).
///
/// - `email`: the preferred address (lowest `PREF=n`, else `TYPE=pref`, else the first; a
///   blank EMAIL counts as none); the others go to `_extra` as `EMAIL (work)`, `EMAIL 2`...
///   With `--all-emails`, one record per address instead, each with the card's other fields.
/// - Names: `N` gives `first_name` (given) and `last_name` (family), several values of one
///   (3.0 and 4.0 `Mary,Ann`) joined with spaces; its middle names, prefixes
///   and suffixes go to `_extra` (`N additional`, `N prefix`, `N suffix`). `FN` always goes to
///   `_full_name`. When `N` is absent or empty the parser does not split `FN` itself: normalize
///   splits `_full_name` into first and last names (with proper prefix and suffix handling)
///   when both are empty, so the two never disagree. A company card's `FN` (X-ABShowAs:COMPANY,
///   KIND:org, or `FN` equal to `ORG` without `N`) goes to `_extra` as `FN` instead.
/// - `phone`: the preferred `TEL`, else the first cell number, else the first, among the voice
///   numbers: a fax or pager number (by TYPE or Apple label) is the phone only when the card has
///   no other, whatever its PREF. `tel:` URIs (4.0) lose the scheme and `;ext=` becomes
///   ` ext. `. Other numbers go to `_extra` with their type or label (`TEL (work,fax)`).
/// - `customer_acct_name`: the first `ORG` component (units go to `_extra` as `ORG unit`).
/// - `tags`: every `CATEGORIES` value, except Google's system groups (`myContacts`, `starred`,
///   ...) on a card Google wrote (one in `myContacts`): ``SystemTags``.
/// - Everything else with a text value (NOTE, BDAY, ADR, URL, TITLE, X-...) goes to `_extra`
///   under its property name, with an Apple `X-ABLabel` of the same group as `NAME (label)`.
///   Binary properties never reach the mapper.
/// - A group card (`KIND:group`, Apple's `X-ADDRESSBOOKSERVER-KIND:group`) is a `vcard_group`
///   reject: it lists other cards and is no contact.
/// - A rejected card stays one record (with its preferred email), even with `--all-emails`.
struct VCardRecordMapper {
    let file: String
    let allEmails: Bool

    /// Appends the card's records to `out`; returns how many of its categories were left out
    /// as Google's system groups.
    @discardableResult
    func records(for card: VCardCard, into out: inout [ContactRecord]) -> Int {
        card.arena.withUnsafeBufferPointer { a in
            map(card, a, into: &out)
        }
    }

    private func map(_ card: VCardCard, _ a: UnsafeBufferPointer<UInt8>, into out: inout [ContactRecord]) -> Int {
        var r = ContactRecord(source: Provenance(file: file, record: card.number, line: card.line))
        // Each group's first label, by the group's name: looked up for every grouped property.
        var labels: [String: String] = [:]
        for p in card.properties where p.kind == .label {
            if let g = p.group, case let name = Self.groupName(a, g), labels[name] == nil {
                labels[name] = Self.appleLabel(VCardText.string(a, p.value))
            }
        }
        var keys = ExtraKeys()
        var emails: [(index: Int, value: String)] = []
        var phones: [Int] = []
        var seenN = false
        // vCard 3.0 and 4.0 separate the values of a structured component with commas.
        let multiValued = card.properties.first { $0.kind == .version }.map { v in
            let version = VCardText.string(a, v.value).trimmingBlanks()
            return version == "3.0" || version == "4.0"
        } ?? false
        for (index, p) in card.properties.enumerated() {
            switch p.kind {
            case .n where !seenN:
                seenN = true
                let parts = VCardText.split(a, p.value, on: UInt8(ascii: ";"))
                func part(_ i: Int) -> String? {
                    guard i < parts.count, !VCardText.isBlank(a, parts[i]) else { return nil }
                    return VCardText.string(a, parts[i])
                }
                // A family or given name of several values (`N:Smith;Mary,Ann;;;`: in 3.0 and
                // 4.0 unescaped commas separate them) is those values with spaces; it was sent
                // as "Mary,Ann". A 2.1 card escapes no comma: there, one is the name's own.
                func name(_ i: Int) -> String? {
                    guard i < parts.count else { return nil }
                    guard multiValued else { return part(i) }
                    let values = VCardText.split(a, parts[i], on: UInt8(ascii: ",")).filter { !VCardText.isBlank(a, $0) }
                    return values.isEmpty ? nil : values.map { VCardText.string(a, $0) }.joined(separator: " ")
                }
                r.lastName = name(0)
                r.firstName = name(1)
                for (i, key) in [(2, "N additional"), (3, "N prefix"), (4, "N suffix")] {
                    if let v = part(i) { addExtra(&r, &keys, key, v) }
                }
            case .fn where r.fullName == nil:
                if !VCardText.isBlank(a, p.value) { r.fullName = VCardText.string(a, p.value) }
            case .email:
                var v = VCardText.string(a, p.value)
                if v.utf8.count >= 7, VCardText.hasPrefix(a, p.value, "MAILTO:") { v = String(v.dropFirst(7)) }
                // A blank EMAIL (an exporter's empty slot) is no address: taken as the card's
                // email, it hid the real one in `_extra` and the card was rejected as missing one.
                if !v.trimmingBlanks().isEmpty { emails.append((index, v)) }
            case .tel:
                if !VCardText.isBlank(a, p.value) { phones.append(index) }
            case .org where r.customerAcctName == nil:
                let parts = VCardText.split(a, p.value, on: UInt8(ascii: ";")).filter { !VCardText.isBlank(a, $0) }
                if let first = parts.first { r.customerAcctName = VCardText.string(a, first) }
                if parts.count > 1 { addExtra(&r, &keys, "ORG unit", parts.dropFirst().map { VCardText.string(a, $0) }.joined(separator: "; ")) }
            case .categories:
                for t in VCardText.split(a, p.value, on: UInt8(ascii: ",")) where !VCardText.isBlank(a, t) {
                    r.tags.append(VCardText.string(a, t))
                }
            case .version, .begin, .end, .label, .binary:
                break
            case .adr:
                let parts = VCardText.split(a, p.value, on: UInt8(ascii: ";")).filter { !VCardText.isBlank(a, $0) }
                if !parts.isEmpty {
                    addExtra(&r, &keys, key(p, a, labels), parts.map { VCardText.string(a, $0) }.joined(separator: ", "))
                }
            default:
                if !VCardText.isBlank(a, p.value) { addExtra(&r, &keys, key(p, a, labels), VCardText.string(a, p.value)) }
            }
        }
        // Fax and pager numbers are not the contact's phone while a voice number exists,
        // whatever their PREF: preference orders only the numbers of the same use.
        let voice = phones.filter { !isFaxOrPager(card.properties[$0], a, labels) }
        let candidates = voice.isEmpty ? phones : voice
        if let pick = Self.preferred(candidates.map { card.properties[$0] }) {
            let best = phones.firstIndex(of: candidates[pick]) ?? 0
            r.phone = phoneText(card.properties[phones[best]], a)
            for (i, index) in phones.enumerated() where i != best {
                let p = card.properties[index]
                addExtra(&r, &keys, key(p, a, labels), phoneText(p, a))
            }
        }
        // A company card (Apple's X-ABShowAs:COMPANY, vCard 4's KIND:org, or an FN that is the
        // ORG with no N): FN names the organization, not a person. Kept in `_extra`, not split
        // into a person's first and last name ("Hi Acme Widgets").
        if let full = r.fullName, r.firstName == nil, r.lastName == nil, isOrganization(r, fullName: full) {
            r.fullName = nil
            addExtra(&r, &keys, "FN", full)
        }
        // Google's system groups (`myContacts`, `starred`) are not labels a person chose.
        var dropped = 0
        if !r.tags.isEmpty { r.tags = SystemTags.googleVCard.applyToGoogleCard(r.tags, dropped: &dropped) }
        r.notes = card.notes
        let problem = card.problem ?? groupReject(r, line: card.line)
        if let problem { r.reject = problem }
        guard !emails.isEmpty else {
            out.append(r)
            return dropped
        }
        if allEmails && problem == nil {
            for e in emails {
                var copy = r
                copy.email = e.value
                out.append(copy)
            }
            return dropped
        }
        let best = Self.preferred(emails.map { card.properties[$0.index] }) ?? 0
        r.email = emails[best].value
        for (i, e) in emails.enumerated() where i != best {
            addExtra(&r, &keys, key(card.properties[e.index], a, labels), e.value)
        }
        out.append(r)
        return dropped
    }

    /// A group card (vCard 4's `KIND:group`, Apple's `X-ADDRESSBOOKSERVER-KIND:group`) lists
    /// other cards by MEMBER: it is no contact, even with a list address of its own. Read as
    /// one, it was a person named after the group, rejected by normalize as `email_missing`
    /// with a fix to add the contact's email (or, with an address, imported as a person).
    private func groupReject(_ r: ContactRecord, line: Int) -> Reject? {
        let isGroup = r.extra.contains { kv in
            let key = kv.key.uppercased()
            return (key == "KIND" || key == "X-ADDRESSBOOKSERVER-KIND") && kv.value.trimmingBlanks().lowercased() == "group"
        }
        guard isGroup else { return nil }
        let members = r.extra.count { kv in
            let key = kv.key.uppercased()
            return ["MEMBER", "X-ADDRESSBOOKSERVER-MEMBER"].contains { key == $0 || key.hasPrefix($0 + " ") }
        }
        let name = r.fullName ?? r.extra.first { $0.key == "FN" }?.value
        let what = [name.map { "'\($0)'" }, "\(members) member\(members == 1 ? "" : "s")"].compactMap { $0 }.joined(separator: ", ")
        return Reject(code: .vcardGroup, stage: "parse", reason: "line \(line): the card is a group (\(what)), not a contact",
                      fix: "nothing to do if its members are in the export: they are cards of their own; to import the group's own address, export it as a contact card")
    }

    private func isOrganization(_ r: ContactRecord, fullName: String) -> Bool {
        if let org = r.customerAcctName, org.lowercased() == fullName.lowercased() { return true }
        return r.extra.contains { kv in
            let key = kv.key.uppercased(), value = kv.value.lowercased()
            return (key == "X-ABSHOWAS" && value == "company") || (key == "KIND" && value == "org")
        }
    }

    /// Whether a TEL is a fax or pager number: by its TYPE, or by its Apple label
    /// (`_$!<HomeFAX>!$_`, `_$!<Pager>!$_`, or a custom label naming a fax or pager).
    private func isFaxOrPager(_ p: VCardProperty, _ a: UnsafeBufferPointer<UInt8>, _ labels: [String: String]) -> Bool {
        if p.types.contains(.fax) || p.types.contains(.pager) { return true }
        guard let g = p.group, let label = labels[Self.groupName(a, g)]?.lowercased() else { return false }
        return label.contains("fax") || label.contains("pager")
    }

    /// The index of the preferred property: lowest `PREF=n` (a `TYPE=pref` counts as 1), else
    /// nil when none is marked; for phones, the first cell number before the first overall.
    static func preferred(_ props: [VCardProperty]) -> Int? {
        guard !props.isEmpty else { return nil }
        var best: Int?
        var bestRank = Int.max
        for (i, p) in props.enumerated() {
            let rank = p.pref != Int.max ? p.pref : p.types.contains(.pref) ? 1 : Int.max
            if rank < bestRank { best = i; bestRank = rank }
        }
        if let best { return best }
        if props.first?.kind == .tel, let cell = props.firstIndex(where: { $0.types.contains(.cell) || $0.types.contains(.iphone) }) {
            return cell
        }
        return 0
    }

    /// The number of a TEL: text as written, or a `tel:` URI without scheme and parameters
    /// (`;ext=102` kept as ` ext. 102`, which libphonenumber reads as an extension).
    private func phoneText(_ p: VCardProperty, _ a: UnsafeBufferPointer<UInt8>) -> String {
        let text = VCardText.string(a, p.value)
        guard p.valueIsURI || VCardText.hasPrefix(a, p.value, "TEL:") else { return text }
        var rest = VCardText.hasPrefix(a, p.value, "TEL:") ? Substring(text.dropFirst(4)) : Substring(text)
        var ext: Substring?
        if let semi = rest.firstIndex(of: ";") {
            for param in rest[rest.index(after: semi)...].split(separator: ";") where param.lowercased().hasPrefix("ext=") {
                ext = param.dropFirst(4)
            }
            rest = rest[..<semi]
        }
        if let ext, !ext.isEmpty { return "\(rest) ext. \(ext)" }
        return String(rest)
    }

    /// The `_extra` key of a property: its name, then its Apple label or shown types.
    private func key(_ p: VCardProperty, _ a: UnsafeBufferPointer<UInt8>, _ labels: [String: String]) -> String {
        var name = String(decoding: UnsafeBufferPointer(rebasing: a[p.name]), as: UTF8.self).uppercased()
        if let g = p.group, let label = labels[Self.groupName(a, g)], !label.isEmpty {
            name += " (\(label))"
        } else if p.kind == .email || p.kind == .tel || p.kind == .adr || p.kind == .url {
            let shown = VCardTypes.shown.filter { p.types.contains($0.0) }.map(\.1)
            if !shown.isEmpty { name += " (\(shown.joined(separator: ",")))" }
        }
        return name
    }

    /// A group's name as written (`item1`), the key of the card's labels.
    static func groupName(_ a: UnsafeBufferPointer<UInt8>, _ g: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: a[g]), as: UTF8.self)
    }

    /// Apple wraps its built-in labels as `_$!<HomePage>!$_`.
    static func appleLabel(_ s: String) -> String {
        if s.hasPrefix("_$!<") && s.hasSuffix(">!$_") && s.count >= 8 { return String(s.dropFirst(4).dropLast(4)) }
        return s
    }

    /// Adds `key` to `_extra`, numbering repeats (`NOTE`, `NOTE 2`) so JSON keys stay unique.
    private func addExtra(_ r: inout ContactRecord, _ keys: inout ExtraKeys, _ key: String, _ value: String) {
        r.extra.append(KeyValue(keys.unique(key), value))
    }
}

/// The `_extra` keys of one card so far, for numbering repeats: the lowest free number from 2.
/// Kept in a set, with the next number to try per key: a card with 200,000 EMAIL lines took
/// minutes when each new key was compared with every key before it, number after number.
struct ExtraKeys {
    private var used: Set<String> = []
    private var next: [String: Int] = [:]

    /// `key`, or `key N` for the lowest N from 2 not taken yet; taken from now on.
    mutating func unique(_ key: String) -> String {
        if used.insert(key).inserted { return key }
        var n = next[key] ?? 2
        while !used.insert("\(key) \(n)").inserted { n += 1 }
        next[key] = n + 1
        return "\(key) \(n)"
    }
}
