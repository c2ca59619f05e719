/// A warning attached to a record that does not reject it (DESIGN §2 `_notes`): a phone that
/// does not parse, a typo suggestion, a list subscription removed by a scoped exclusion.
public struct Note: Sendable, Hashable {
    /// Stable snake_case identifier, e.g. `phone_invalid`, `email_typo_suggestion`.
    public var code: String
    /// The contact property concerned, when there is one.
    public var field: String?
    /// One line for a person.
    public var message: String
    /// List ids the note is about (`excluded_from_lists`: the lists the contact must not be
    /// subscribed to, which the batch writer honours against run-level subscriptions too).
    public var lists: [Int]

    public init(code: String, field: String? = nil, message: String, lists: [Int] = []) {
        self.code = code
        self.field = field
        self.message = message
        self.lists = lists
    }
}

/// One modification a stage made to a field, recorded with `--explain` (`_changes`).
public struct Change: Sendable, Hashable {
    public var field: String
    public var before: String?
    public var after: String?
    /// The rule that made the change, e.g. `email.lowercase`.
    public var rule: String

    public init(field: String, before: String?, after: String?, rule: String) {
        self.field = field
        self.before = before
        self.after = after
        self.rule = rule
    }
}
