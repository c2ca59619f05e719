import ListwashCore

/// A mapping preset applied to one file's header: which columns feed which contact property,
/// and under which `_extra` key every other column is kept.
///
/// Columns are claimed in this order, each column by one target at most: inline `columns`
/// (`--column NAME=SOURCE`, matched by exact header name, then by comparison key), then the
/// preset's own synonyms, then generic's (unless the preset says `extends: none`), and last, for
/// the email alone, a short header that says "email" (``EmailHeaderGuess``). A target may
/// claim several columns ("E-mail 1 - Value", "E-mail 2 - Value"): per record the first
/// non-empty one wins and the others stay in `_extra`.
public struct ColumnMapping: Sendable {
    /// One target and its candidate columns, in priority order.
    public struct Slot: Sendable {
        public var target: MappingTarget
        public var columns: [Int]
    }

    public var slots: [Slot]
    /// The `_extra` key of each header column: its name, `column N` when empty, `Name (2)` when repeated.
    public var extraKeys: [String]
    /// For each header column, the slot that may take it, or -1.
    public var roles: [Int]
    /// Header names of the columns no target takes.
    public var unmapped: [String]
    public var preset: MappingPreset

    /// Applies `preset` (with `generic`'s synonyms when it extends them) and `inline` columns
    /// to `header`. Throws when a named column is missing or no column gives an email.
    public init(header: [String], preset: MappingPreset, generic: MappingPreset?, inline: [KeyValue],
                at position: SourcePosition) throws(Diagnostic) {
        self.preset = preset
        let keys = header.map(HeaderName.key)
        extraKeys = header.enumerated().map { j, name in name.isEmpty ? "column \(j + 1)" : name }
        var renamed: Set<Int> = []
        var taken = [Bool](repeating: false, count: header.count)
        var slots: [Slot] = []
        func slotIndex(_ t: MappingTarget) -> Int {
            if let i = slots.firstIndex(where: { $0.target == t }) { return i }
            slots.append(Slot(target: t, columns: []))
            return slots.count - 1
        }
        var inlineTargets: Set<MappingTarget> = []
        for kv in inline {
            let column = header.firstIndex(of: kv.value) ?? keys.firstIndex(of: HeaderName.key(kv.value))
            guard let j = column else {
                throw Diagnostic(at: position, "column '\(kv.value)' (for '\(kv.key)') is not in the header", code: "mapping_column_missing",
                                 notes: ["columns: " + ColumnMapping.list(header)],
                                 fix: nearest(kv.value, in: header).map { "did you mean '\($0)'?" })
            }
            if let target = MappingTarget(name: kv.key) {
                if !inlineTargets.contains(target) { slots.removeAll { $0.target == target } }
                inlineTargets.insert(target)
                let s = slotIndex(target)
                slots[s].columns.append(j)
                taken[j] = true
            } else if kv.key.hasPrefix("_") || kv.key.isEmpty {
                throw Diagnostic(at: position, "'\(kv.key)' is not a mapping target", code: "mapping_invalid",
                                 fix: "targets: \(MappingTarget.knownNames); any other name renames the column in _extra")
            } else {
                extraKeys[j] = kv.key  // NAME=SOURCE with another NAME: keep the column in _extra as NAME
                renamed.insert(j)
                taken[j] = true
            }
        }
        extraKeys = Self.unique(extraKeys, claimingFirst: renamed, claimingLast: Set(header.indices.filter { header[$0].isEmpty && !renamed.contains($0) }))
        var passes = [preset.columns]
        if preset.extendsGeneric, let generic { passes.append(generic.columns) }
        for pass in passes {
            for (target, synonyms) in pass where !inlineTargets.contains(target) {
                for synonym in synonyms {
                    for j in keys.indices where !taken[j] && keys[j] == synonym {
                        let s = slotIndex(target)
                        slots[s].columns.append(j)
                        taken[j] = true
                    }
                }
            }
        }
        if preset.extendsGeneric || preset.name == "generic", !slots.contains(where: { $0.target == .email && !$0.columns.isEmpty }),
           let j = EmailHeaderGuess.column(in: header, taken: taken) {
            slots[slotIndex(.email)].columns.append(j)
            taken[j] = true
        }
        self.slots = slots.filter { !$0.columns.isEmpty }
        var roles = [Int](repeating: -1, count: header.count)
        for (s, slot) in self.slots.enumerated() { for j in slot.columns { roles[j] = s } }
        self.roles = roles
        let keysForExtra = extraKeys
        unmapped = header.indices.filter { roles[$0] < 0 }.map { keysForExtra[$0] }
        guard self.slots.contains(where: { $0.target == .email }) else {
            throw Diagnostic(at: position, "no email column in the header (mapping '\(preset.name)')", code: "csv_no_email_column",
                             notes: ["columns: " + ColumnMapping.list(header)],
                             fix: "name it with '--column email=COLUMN' (or 'columns: {email: COLUMN}'), or choose a preset with '--mapping'")
        }
    }

    /// `keys` made unique for one JSON object: the columns in `claimingFirst` (renamed by the
    /// user), then every other in header order, then those in `claimingLast` (named `column N`
    /// for want of a name), keep their name when it is free; a repeated one
    /// becomes `Name (2)`, or the first `Name (N)` no column has: `Notes, Notes, Notes (2)` gives
    /// `Notes, Notes (3), Notes (2)`, where counting alone gave two `Notes (2)` keys and any
    /// JSON reader kept one of the two values.
    static func unique(_ keys: [String], claimingFirst: Set<Int>, claimingLast: Set<Int>) -> [String] {
        var out = keys
        var used: Set<String> = []
        var repeated: [Int] = []
        let middle = keys.indices.filter { !claimingFirst.contains($0) && !claimingLast.contains($0) }
        for j in claimingFirst.sorted() + middle + claimingLast.sorted() where !used.insert(keys[j]).inserted {
            repeated.append(j)
        }
        // The next number to try per name: a name repeated 100,000 times (a hostile header)
        // stays linear, where counting up from 2 each time was quadratic.
        var next: [String: Int] = [:]
        for j in repeated.sorted() {
            var n = next[keys[j]] ?? 2
            while used.contains("\(keys[j]) (\(n))") { n += 1 }
            next[keys[j]] = n + 1
            out[j] = "\(keys[j]) (\(n))"
            used.insert(out[j])
        }
        return out
    }

    /// Column names for messages, quoted, at most 30.
    static func list(_ names: [String]) -> String {
        // A name is cut at 60 characters: the first "line" of a binary file given by mistake
        // is megabytes long.
        let shown = names.prefix(30).map { "'\($0.count > 60 ? String($0.prefix(60)) + "…" : $0)'" }.joined(separator: ", ")
        return names.count > 30 ? shown + " and \(names.count - 30) more" : (names.isEmpty ? "none" : shown)
    }
}
