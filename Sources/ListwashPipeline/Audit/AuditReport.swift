import ListwashCore
import ListwashImport

/// Everything `listwash audit` tells a person before anything is sent (DESIGN §6). Built from the
/// run's ledgers and an ``AuditCollector``; rendered by `+Terminal`, `+JSON` and `+HTML`.
public struct AuditReport: Sendable {
    /// One step of the funnel: its ledger numbers.
    public struct Step: Sendable, Equatable {
        public var stage: String
        public var input: Int
        public var output: Int
        public var rejected: Int
        /// Rejects made by this stage (the rest passed through from upstream).
        public var rejectedHere: Int
        public var balanced: Bool
        /// The conservation equation as the ledger prints it.
        public var equation: String
        /// What the stage reported beside its counts (encoding, mapping, fuzzy candidates...).
        public var facts: [KeyValue] = []
    }

    public struct RejectGroup: Sendable, Equatable {
        public var code: RejectCode
        public var stage: String
        public var meaning: String
        public var count: Int
        public var examples: [AuditExample]
    }

    public struct NoteGroup: Sendable, Equatable {
        public var code: String
        public var count: Int
        public var examples: [AuditExample]
    }

    public struct ExclusionGroup: Sendable, Equatable {
        public var rule: RejectCode
        public var file: String
        public var count: Int
        public var examples: [AuditExample]
    }

    public struct Count: Sendable, Equatable {
        public var name: String
        public var count: Int
    }

    public struct Input: Sendable, Equatable {
        public var path: String
        public var facts: [KeyValue]
        public var partial: [String]
    }

    /// The pipeline's name, or `-` for a pipe.
    public var pipeline: String
    public var funnel: [Step]
    public var recordsRead: Int
    /// Contacts that would be imported.
    public var importable: Int
    public var rejected: Int
    public var duplicatesMerged: Int
    public var rejects: [RejectGroup]
    /// Fuzzy duplicate candidates (same phone or name, different email): reported, never merged.
    public var fuzzyCandidates: [NoteGroup]
    public var exclusions: [ExclusionGroup]
    /// Non-empty values per property among the importable contacts, as sent (with the
    /// run-level ``runTags`` and ``runLists``).
    public var fillRates: [Count]
    /// The tags and lists `batch` adds to every contact, counted in ``fillRates``.
    public var runTags: [String]
    public var runLists: [Int]
    public var unmappedColumns: [Count]
    public var topDomains: [Count]
    public var otherDomains: Int
    public var typoSuggestions: [NoteGroup]
    public var invalidPhones: [NoteGroup]
    /// Every note code (warnings on records that were not rejected).
    public var notes: [NoteGroup]
    public var inputs: [Input]
    public var batchPlan: AuditBatchPlan?
    public var warnings: [String]
    /// Why the gates failed; empty when they pass (or there are none).
    public var gateFailures: [String] = []

    public var rejectsExcludingDuplicates: Int { rejected - duplicatesMerged }
    public var rejectRate: Double { recordsRead == 0 ? 0 : Double(rejectsExcludingDuplicates) / Double(recordsRead) }
    public var duplicateRate: Double { recordsRead == 0 ? 0 : Double(duplicatesMerged) / Double(recordsRead) }
    /// `read = importable + rejected`, the whole run's conservation.
    public var isBalanced: Bool { recordsRead == importable + rejected && funnel.allSatisfy(\.balanced) }

    /// Top domains shown.
    public static let domainsShown = 10

    /// The report of a run (or of a pipe read from stdin: `run` with just a `parse`-like ledger).
    public init(pipeline: String, run: PipelineRun, collector c: AuditCollector, warnings stageWarnings: [Diagnostic]) throws {
        self.pipeline = pipeline
        funnel = run.ledgers.map {
            Step(stage: $0.stage, input: $0.input, output: $0.output, rejected: $0.rejectedTotal, rejectedHere: $0.rejectedHere,
                 balanced: $0.isBalanced, equation: Self.equation($0), facts: $0.facts)
        }
        recordsRead = run.ledgers.first?.input ?? c.observed
        importable = c.live
        rejected = c.rejects.values.reduce(0) { $0 + $1.count }
        duplicatesMerged = c.rejects[.duplicateMerged]?.count ?? 0
        let meanings = Dictionary(RejectCode.registry.map { ($0.code, $0.meaning) }, uniquingKeysWith: { a, _ in a })
        rejects = c.rejects.map { code, t in
            RejectGroup(code: code, stage: c.rejectStages[code] ?? "", meaning: meanings[code] ?? "", count: t.count, examples: t.examples)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        exclusions = c.exclusions.map { k, t in ExclusionGroup(rule: k.rule, file: k.file, count: t.count, examples: t.examples) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : ($0.rule, $0.file) < ($1.rule, $1.file) }
        let noteGroups = c.notes.map { NoteGroup(code: $0.key, count: $0.value.count, examples: $0.value.examples) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        notes = noteGroups
        fuzzyCandidates = noteGroups.filter { $0.code.contains("candidate") }
        typoSuggestions = noteGroups.filter { $0.code.contains("typo") }
        invalidPhones = noteGroups.filter { $0.code.hasPrefix("phone") }
        runTags = c.runTags
        runLists = c.runLists
        let order = ["email", "first_name", "last_name", "phone", "customer_acct_name", "tags", "subscribe"]
        fillRates = order.map { Count(name: $0, count: c.filled[$0] ?? 0) }
            + c.filled.filter { $0.key.hasPrefix("fields.") }.map { Count(name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }
        unmappedColumns = c.unmapped.map { Count(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        let domainsSorted = c.domains.map { Count(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        topDomains = Array(domainsSorted.prefix(Self.domainsShown))
        otherDomains = domainsSorted.dropFirst(Self.domainsShown).reduce(c.otherDomains) { $0 + $1.count }
        inputs = run.inputs.map { Input(path: $0.path, facts: $0.facts, partial: $0.partial.map(\.description)) }
        if let dir = run.batchDirectory {
            batchPlan = try AuditBatchPlan.read(directory: dir)
        } else {
            batchPlan = AuditBatchPlan.estimate(contacts: c.live)
        }

        // Unset variables of the submit block do not matter to an audit, which never submits.
        var w: [String] = stageWarnings.filter { $0.severity == .warning && $0.code != "env_unset" }.map { d in
            (d.position.map { "\($0): " } ?? "") + d.message + " [\(d.code)]"
        }
        if recordsRead == 0 {
            w.append("nothing would be imported: no records were read (an empty input, or a pipe whose first command failed)")
        } else if importable == 0 {
            w.append("nothing would be imported: every record was rejected")
        } else if importable <= 10 {
            let one = importable == 1
            let dropped = Self.onlyBulkImportCarries(batchDirectory: run.batchDirectory, companies: c.filled["customer_acct_name"] ?? 0)
            if dropped.isEmpty {
                w.append("only \(importable) contact\(one ? "" : "s") to import: imports of 10 or fewer go one by one through /contact/sync, not the bulk import")
            } else {
                w.append("only \(importable) contact\(one ? "" : "s") to import: \(one ? "it goes" : "they go") through the bulk import, not /contact/sync (used for 10 or fewer), which would drop \(dropped.joined(separator: ", "))")
            }
        }
        if let removed = noteGroups.first(where: { $0.code.contains("subscription") || $0.code.contains("unsubscribe") }) {
            w.append("\(removed.count) list subscription\(removed.count == 1 ? "" : "s") removed by list-scoped exclusions [\(removed.code)]")
        }
        w.append("contacts on the account's own exclusion list are skipped by ActiveCampaign when imported: they can not be known locally")
        warnings = w
    }

    /// What the contacts API (/contact/sync) would drop from this import, so that submit sends
    /// it in bulk however few its contacts: read from the batch folder as submit reads it, or,
    /// for a pipe (no batch step, so no run-level settings), the companies of its contacts.
    static func onlyBulkImportCarries(batchDirectory: String?, companies: Int) -> [String] {
        if let dir = batchDirectory, let folder = try? BatchFolder.read(dir) {
            return BatchFolder.onlyBulkImportCarries(folder)
        }
        return companies > 0 ? ["customer_acct_name"] : []
    }

    static func equation(_ l: Ledger) -> String {
        var s = "\(l.stage): in \(l.input) = out \(l.output) + rejected \(l.rejectedTotal)"
        if !l.isBalanced { s += " UNBALANCED" }
        return s
    }
}
