import ListwashCore

/// Source columns (or vCard/XML properties) → ActiveCampaign custom field ids, from the
/// `fields:` setting (issue 5 "Custom fields"). Mapped `_extra` entries move to `fields` by id;
/// a multi-valued field (several entries of one name, a `separator`, or `multi: true`) is
/// written the way ActiveCampaign stores them: `||a||b||`.
struct CustomFieldMap: Sendable {
    struct Target: Sendable, Equatable {
        var id: String
        var multi: Bool
        var separators: [String]
    }

    /// In the order the setting lists them.
    let targets: [(source: String, target: Target)]

    var isEmpty: Bool { targets.isEmpty }

    /// The target of source column `name`: exact match first, then case-insensitive.
    func target(for name: String) -> Target? {
        if let t = targets.first(where: { $0.source == name }) { return t.target }
        let lower = CaseFolding.lowercase(name)
        return targets.first(where: { CaseFolding.lowercase($0.source) == lower })?.target
    }

    /// Moves the mapped `_extra` entries of `record` into `fields`.
    func apply(to record: inout ContactRecord, log: inout EditLog) {
        guard !record.extra.isEmpty else { return }
        var collected: [(target: Target, values: [String])] = []
        var kept: [KeyValue] = []
        for entry in record.extra {
            guard let target = target(for: entry.key) else { kept.append(entry); continue }
            log.record("_extra.\(entry.key)", entry.value, nil, rule: "fields.map")
            if let i = collected.firstIndex(where: { $0.target.id == target.id }) {
                collected[i].values.append(entry.value)
            } else {
                collected.append((target, [entry.value]))
            }
        }
        guard !collected.isEmpty else { return }
        record.extra = kept
        for (target, values) in collected {
            let value = Self.value(of: values, target: target)
            log.record("fields.\(target.id)", values.joined(separator: "\n"), value, rule: "fields.map")
            record.fields.set(target.id, value)
        }
    }

    /// One value as written, or several as `||a||b||` (pieces trimmed, empties dropped).
    static func value(of values: [String], target: Target) -> String {
        var pieces: [String] = []
        for v in values {
            var parts = [v]
            if let inner = multiValueParts(v) { parts = inner }
            for sep in target.separators {
                parts = parts.flatMap { $0.split(separator: sep, omittingEmptySubsequences: false).map(String.init) }
            }
            pieces += parts.map(Whitespace.trimSpaces).filter { !$0.isEmpty }
        }
        if !target.multi && target.separators.isEmpty && values.count == 1 { return Whitespace.trimSpaces(values[0]) }
        return pieces.isEmpty ? "" : "||" + pieces.joined(separator: "||") + "||"
    }

    /// The values of a value already written `||a||b||`.
    static func multiValueParts(_ v: String) -> [String]? {
        guard v.utf8.count >= 4, v.hasPrefix("||"), v.hasSuffix("||") else { return nil }
        return v.dropFirst(2).dropLast(2).split(separator: "||", omittingEmptySubsequences: false).map(String.init)
    }
}
