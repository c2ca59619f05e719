import ListwashCore

/// The validated settings of ``NormalizeStage``, read through ``SettingsReader`` so that every
/// problem of a settings block is reported at once, with its position.
struct NormalizeOptions {
    var email = EmailNormalizer.Options()
    var phoneMode: PhoneNormalizer.Mode = .e164
    var defaultRegion = "US"
    var invalidPhone: PhoneNormalizer.InvalidPolicy = .note
    /// `consent.opted_out`: reject contacts the export marks as opted out (``OptOutMarkers``).
    var rejectOptedOut = true
    var titleCaseNames = false
    var collapseSpaces = true
    var splitFullName = true
    var tagSeparators = [";"]
    var tagDedupe = true
    var fields = CustomFieldMap(targets: [])
    var dateOrder: DateNormalizer.Order?
    /// Names (source columns, or field ids) listed in `dates.fields`.
    var dateFields: Set<String> = []
    /// Field ids of the mapped source columns listed in `dates.fields`.
    var dateFieldIds: Set<String> = []
    var explain = false

    init() {}

    init(reading r: inout SettingsReader) {
        if let s = r.choice("email.syntax") { email.syntax = EmailNormalizer.Syntax(rawValue: s) ?? .strict }
        if let s = r.choice("email.special_use") { email.rejectSpecialUse = s == "reject" }
        if let b = r.bool("email.fix_typos") { email.fixTypos = b }
        if let b = r.bool("email.lowercase_local") { email.lowercaseLocal = b }
        if let b = r.bool("email.note_role_accounts") { email.noteRoleAccounts = b }
        if let s = r.choice("phone.mode") { phoneMode = PhoneNormalizer.Mode(rawValue: s) ?? .e164 }
        if let s = r.string("phone.default_region") {
            let region = CaseFolding.lowercase(s).uppercased()
            if PhoneNumberLibrary.isSupported(region: region) {
                defaultRegion = region
            } else {
                r.problem("'phone.default_region' must be a region libphonenumber knows (ISO 3166 alpha-2 such as US, GB, DE); found '\(s)'",
                          at: r.node("phone.default_region"), code: "invalid_value", fix: "use a two-letter country code, e.g. 'US'")
            }
        }
        if let s = r.choice("phone.invalid") { invalidPhone = PhoneNormalizer.InvalidPolicy(rawValue: s) ?? .note }
        if let s = r.choice("consent.opted_out") { rejectOptedOut = s == "reject" }
        if let s = r.choice("names.case") { titleCaseNames = s == "title" }
        if let b = r.bool("names.collapse_spaces") { collapseSpaces = b }
        if let b = r.bool("names.split_full_name") { splitFullName = b }
        if let l = r.strings("tags.separators") {
            if l.contains(where: \.isEmpty) {
                r.problem("'tags.separators' cannot hold an empty separator", at: r.node("tags.separators"))
            }
            tagSeparators = l.filter { !$0.isEmpty }
        }
        if let b = r.bool("tags.dedupe") { tagDedupe = b }
        fields = Self.readFields(&r)
        if let s = r.choice("dates.date_order") { dateOrder = DateNormalizer.Order(rawValue: s) }
        if let l = r.strings("dates.fields") {
            dateFields = Set(l)
            dateFieldIds = Set(l.compactMap { fields.target(for: $0)?.id })
        }
        if let b = r.bool("explain") { explain = b }
    }

    /// `fields:` — `Name: 12` or `Name: {id: 12, separator: ";" | [";", ","], multi: true}`.
    static func readFields(_ r: inout SettingsReader) -> CustomFieldMap {
        guard let node = r.node("fields") else { return CustomFieldMap(targets: []) }
        guard let members = node.members else {
            r.problem("'fields' must be a mapping of source column to field id, found \(node.kindName)", at: node, code: "wrong_type")
            return CustomFieldMap(targets: [])
        }
        var targets: [(source: String, target: CustomFieldMap.Target)] = []
        for m in members {
            var target = CustomFieldMap.Target(id: "", multi: false, separators: [])
            var idNode: SettingNode? = m.node
            if let sub = m.node.members {
                idNode = m.node["id"]
                for (key, keyPosition, value) in sub {
                    switch key {
                    case "id": break
                    case "multi":
                        switch value.scalar?.lowercased() {
                        case "true"?, "yes"?: target.multi = true
                        case "false"?, "no"?: target.multi = false
                        default: r.problem("'fields.\(m.key).multi' must be true or false, found '\(value.scalar ?? value.kindName)'", at: value, code: "wrong_type")
                        }
                    case "separator", "separators":
                        let seps = value.scalar.map { [$0] } ?? (value.list ?? []).compactMap(\.scalar)
                        if seps.isEmpty || seps.contains(where: \.isEmpty) {
                            r.problem("'fields.\(m.key).\(key)' must be one or more non-empty separators", at: value)
                        }
                        target.separators = seps.filter { !$0.isEmpty }
                    default:
                        r.problem("unknown key '\(key)' in 'fields.\(m.key)'", at: SettingNode(.scalar(key), at: keyPosition ?? value.position),
                                  code: "unknown_key", fix: nearest(key, in: ["id", "multi", "separator"]).map { "did you mean '\($0)'?" })
                    }
                }
            }
            guard let idText = idNode?.scalar, let id = Int(idText), id > 0 else {
                r.problem("'fields.\(m.key)' needs an ActiveCampaign field id (a positive whole number), found '\(idNode?.scalar ?? idNode?.kindName ?? "nothing")'",
                          at: idNode ?? m.node, code: "invalid_value", fix: "write '\(m.key): 12' or '\(m.key): {id: 12}'")
                continue
            }
            target.id = String(id)
            targets.append((m.key, target))
        }
        return CustomFieldMap(targets: targets)
    }
}
