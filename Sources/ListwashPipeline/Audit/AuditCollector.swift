import ListwashCore

/// Observes the records at the end of an audited run and keeps what the report needs in bounded
/// memory: counters and a few examples per code, never the records themselves. The only tables
/// that grow with the input (domains, unmapped columns, custom field ids) are capped; past the
/// cap, new names are counted together as "other".
public struct AuditCollector: PipelineObserver {
    /// Examples kept per reject code, note code and exclusion rule.
    public static let examplesPerCode = 3
    /// Distinct email domains counted one by one before the rest go to ``otherDomains``.
    public static let domainCap = 50_000
    /// Distinct column names and field ids counted one by one.
    public static let nameCap = 1_000

    public private(set) var observed = 0
    public private(set) var live = 0
    public private(set) var rejects: [RejectCode: Tally] = [:]
    public private(set) var rejectStages: [RejectCode: String] = [:]
    /// Rejects by the stage that made them and code (to rebuild a pipe's funnel).
    public private(set) var rejectsByStage: [String: [RejectCode: Int]] = [:]
    /// Exclusion hits by rule (reject code) and list file.
    public private(set) var exclusions: [ExclusionKey: Tally] = [:]
    public private(set) var notes: [String: Tally] = [:]
    /// Non-empty values per contact property among live records (`fields.12` for custom fields),
    /// as the batch step sends them: with ``runTags`` and ``runLists``.
    public private(set) var filled: [String: Int] = [:]
    /// The tags `batch` adds to every contact (`batch.tags`): a contact is sent with tags when it
    /// has its own or the run has some.
    public var runTags: [String] = []
    /// The lists `batch` subscribes every contact to (`batch.subscribe`), unless the contact
    /// unsubscribes from one or a list-scoped exclusion removed it (note `excluded_from_lists`).
    public var runLists: [Int] = []
    /// Records carrying each unmapped source column (`_extra`).
    public private(set) var unmapped: [String: Int] = [:]
    public private(set) var otherUnmapped = 0
    public private(set) var domains: [String: Int] = [:]
    public private(set) var otherDomains = 0

    public init() {}

    /// A count and the first few examples.
    public struct Tally: Sendable {
        public var count = 0
        public var examples: [AuditExample] = []

        mutating func add(_ example: @autoclosure () -> AuditExample) {
            count += 1
            if examples.count < AuditCollector.examplesPerCode { examples.append(example()) }
        }
    }

    public struct ExclusionKey: Hashable, Sendable {
        public var rule: RejectCode
        public var file: String
    }

    public mutating func observe(_ r: ContactRecord) {
        observed += 1
        for n in r.notes {
            notes[n.code, default: Tally()].add(AuditExample(r, value: n.field.flatMap { r[stringProperty: $0] } ?? r.email ?? "", reason: n.message))
        }
        if !r.extra.isEmpty {
            for e in r.extra where !e.value.isEmpty {
                if unmapped[e.key] != nil || unmapped.count < Self.nameCap { unmapped[e.key, default: 0] += 1 } else { otherUnmapped += 1 }
            }
        }
        if r.isRejected, let rej = r.reject {
            rejects[rej.code, default: Tally()].add(AuditExample(r, value: Self.displayValue(r), reason: rej.reason, into: rej.into))
            if rejectStages[rej.code] == nil { rejectStages[rej.code] = rej.stage }
            rejectsByStage[rej.stage, default: [:]][rej.code, default: 0] += 1
            if let m = rej.match {
                exclusions[ExclusionKey(rule: rej.code, file: m.file), default: Tally()]
                    .add(AuditExample(r, value: Self.displayValue(r), reason: "\(m.file):\(m.line): \(m.entry)"))
            } else if Self.isExclusion(rej.code) {
                exclusions[ExclusionKey(rule: rej.code, file: "-"), default: Tally()].add(AuditExample(r, value: Self.displayValue(r), reason: rej.reason))
            }
            return
        }
        live += 1
        countFilled(r)
        if let email = r.email, let at = email.utf8.lastIndex(of: UInt8(ascii: "@")) {
            let domain = String(email[email.utf8.index(after: at)...])
            if domains[domain] != nil || domains.count < Self.domainCap { domains[domain, default: 0] += 1 } else { otherDomains += 1 }
        }
    }

    private mutating func countFilled(_ r: ContactRecord) {
        if !(r.email ?? "").isEmpty { filled["email", default: 0] += 1 }
        if !(r.firstName ?? "").isEmpty { filled["first_name", default: 0] += 1 }
        if !(r.lastName ?? "").isEmpty { filled["last_name", default: 0] += 1 }
        if !(r.phone ?? "").isEmpty { filled["phone", default: 0] += 1 }
        if !(r.customerAcctName ?? "").isEmpty { filled["customer_acct_name", default: 0] += 1 }
        if !r.tags.isEmpty || runTags.contains(where: { !$0.isEmpty }) { filled["tags", default: 0] += 1 }
        if !r.subscribe.isEmpty || keepsARunList(r) { filled["subscribe", default: 0] += 1 }
        for f in r.fields where !f.value.isEmpty {
            let key = "fields." + f.key
            if filled[key] != nil || filled.count < Self.nameCap { filled[key, default: 0] += 1 }
        }
    }

    /// Whether `batch` subscribes `r` to one of ``runLists`` (its contact writer leaves out
    /// the record's ``ContactRecord/blockedLists``).
    private func keepsARunList(_ r: ContactRecord) -> Bool {
        guard !runLists.isEmpty else { return false }
        let blocked = r.blockedLists
        return runLists.contains { !blocked.contains($0) }
    }

    /// A funnel for records read from a pipe: one ledger per stage named in the rejects, in
    /// pipeline order, each passing on what the previous one let through.
    public func pipeLedgers() -> [Ledger] {
        var input = Ledger(stage: "input")
        input.input = observed
        input.output = observed
        var ledgers = [input]
        var flowing = observed
        var passed: [RejectCode: Int] = [:]
        let order = ["parse", "normalize", "dedupe", "exclude", "batch", "submit"]
        let stages = order.filter { rejectsByStage[$0] != nil } + rejectsByStage.keys.filter { !order.contains($0) }.sorted()
        for stage in stages {
            var l = Ledger(stage: stage)
            l.input = flowing + passed.values.reduce(0, +)
            l.rejected = passed
            for (code, n) in rejectsByStage[stage] ?? [:] { l.rejected[code, default: 0] += n; l.rejectedHere += n }
            flowing -= l.rejectedHere
            l.output = flowing
            passed = l.rejected
            ledgers.append(l)
        }
        return ledgers
    }

    /// The codes of exclusion rules.
    static func isExclusion(_ code: RejectCode) -> Bool {
        code.rawValue.hasPrefix("excluded_") || code == .roleAccount || code == .disposableDomain
    }

    /// What to show for a record in an example: its email, else its name, else its first value.
    static func displayValue(_ r: ContactRecord) -> String {
        if let e = r.email, !e.isEmpty { return e }
        let name = [r.firstName, r.lastName].compactMap { $0 }.joined(separator: " ")
        if !name.isEmpty { return name }
        if let f = r.fullName, !f.isEmpty { return f }
        return r.extra.first { !$0.value.isEmpty }?.value ?? ""
    }
}

/// One example record in the audit: where it came from, the value at fault, and why.
public struct AuditExample: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var value: String
    public var reason: String
    /// For a merged duplicate: the record it was folded into.
    public var into: String?

    public init(_ r: ContactRecord, value: String, reason: String, into: Provenance? = nil) {
        file = r.source.file
        line = r.source.line
        self.value = value
        self.reason = reason
        self.into = into?.description
    }

    public init(file: String, line: Int, value: String, reason: String, into: String? = nil) {
        self.file = file
        self.line = line
        self.value = value
        self.reason = reason
        self.into = into
    }
}
