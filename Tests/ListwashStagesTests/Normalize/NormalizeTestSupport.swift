import ListwashCore
@testable import ListwashStages

/// Builds the stage from command-line flags, the way `listwash normalize` does.
func normalizeStage(_ flags: [String] = []) throws -> NormalizeStage {
    try NormalizeStage(settings: FlagParser.parse(flags, spec: NormalizeStage.spec), context: StageContext())
}

/// Runs the stage over one record and returns what came out.
func normalizeOne(_ record: ContactRecord, _ flags: [String] = []) throws -> ContactRecord {
    var stage = try normalizeStage(flags)
    var out = StageOutput()
    stage.process(record, into: &out)
    precondition(out.records.count == 1, "normalize emits exactly one record per record")
    return out.records[0]
}

/// A default strict email normalizer with the built-in lists.
func strictEmail(_ configure: (inout EmailNormalizer.Options) -> Void = { _ in }) -> EmailNormalizer {
    var o = EmailNormalizer.Options()
    configure(&o)
    return EmailNormalizer(options: o, typos: TypoDomains(pairs: TypoDomains.builtIn), roles: RoleAccounts(localParts: RoleAccounts.builtIn))
}

extension EmailNormalizer.Outcome {
    var address: String? { if case .accepted(let a, _) = self { return a }; return nil }
    var code: RejectCode? { if case .rejected(let c, _, _) = self { return c }; return nil }
    var reason: String? { if case .rejected(_, let r, _) = self { return r }; return nil }
    var notes: [Note] { if case .accepted(_, let n) = self { return n }; return [] }
}
