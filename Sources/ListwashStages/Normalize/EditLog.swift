import ListwashCore

/// Collects the modifications normalize makes to one record (`--explain` → `_changes`). When
/// explain is off it records nothing, so the rules can report every step without a cost.
struct EditLog {
    let isEnabled: Bool
    private(set) var changes: [Change] = []

    init(enabled: Bool) { isEnabled = enabled }

    /// Records that `rule` turned `before` into `after` in `field`, when they differ.
    mutating func record(_ field: String, _ before: String?, _ after: String?, rule: String) {
        guard isEnabled, before != after else { return }
        changes.append(Change(field: field, before: before, after: after, rule: rule))
    }
}
