import ListwashCore

/// The values of one CSV record's mapped columns, gathered before its ``ContactRecord`` is made.
///
/// Setting each value on an empty record checked the record box's uniqueness, cleared its
/// marks and wrote it again, value after value; gathered here, the record is made in one step
/// (``ContactRecord/init(source:email:firstName:lastName:phone:customerAcctName:tags:)``), and
/// only the values most records lack (full name, custom fields, `_extra`) are set on it after.
struct MappedValues {
    var email: String?
    var firstName: String?
    var lastName: String?
    var phone: String?
    var customerAcctName: String?
    var tags: [String] = []
    var fullName: String?
    var fields: [KeyValue] = []
    var extra: [KeyValue] = []

    /// Takes `v` for `target`; a `tags` value is split by the caller (from the field's bytes).
    mutating func assign(_ v: String, to target: MappingTarget) {
        switch target {
        case .email: email = v
        case .firstName: firstName = v
        case .lastName: lastName = v
        case .fullName: fullName = v
        case .phone: phone = v
        case .customerAcctName: customerAcctName = v
        case .tags: assertionFailure("tags are split from the field's bytes, not assigned")
        case .field(let id): fields.append(KeyValue(id, v))
        }
    }

    /// The record of these values, which move into it: each is taken out (left nil or empty),
    /// so it is neither retained for the record nor released with this struct.
    mutating func record(from source: Provenance) -> ContactRecord {
        var taken: [String] = []
        swap(&taken, &tags)
        var r = ContactRecord(source: source, email: email.take(), firstName: firstName.take(), lastName: lastName.take(),
                              phone: phone.take(), customerAcctName: customerAcctName.take(), tags: taken)
        if let fullName { r.fullName = fullName }
        if !fields.isEmpty { r.fields = fields }
        if !extra.isEmpty { r.extra = extra }
        return r
    }
}
