import ListwashCore

/// `exclude`: keeps out contacts on exclusion lists (DESIGN §3).
///
/// Entry kinds: exact address, begins-with, ends-with (ActiveCampaign's own three), domain
/// (optionally with subdomains), SHA-256/MD5 of the normalized address, role accounts (presets
/// in `rules/role-accounts/`), and disposable domains from a user list with an allowlist. The
/// file syntax is documented on ``ExclusionLoader`` and in rules/exclusions/README.md; a bare
/// address per line is an exact entry, and CSV exports are read by header.
///
/// An entry for all lists drops the contact with the kind's code (`excluded_exact`, ...,
/// `role_account`, `disposable_domain`) and `_reject.match` naming file, line and entry. An entry
/// scoped to lists removes those ids from `subscribe` and adds a note; the contact goes on.
///
/// Settings are one block (the flag form) or a YAML list of blocks (a bare item is a file),
/// each with its own `lists`, `kind` and `subdomains`:
/// `exclude: [{file: unsubscribed.csv}, {role_accounts: standard}, {file: x.txt, kind: suffix, lists: [3]}]`.
///
/// Cost: the address is folded once (trim, lowercase); exact, domain, hashed, role and
/// disposable entries are O(1) fingerprint lookups (8-byte payload, 24-byte slots); begins-with
/// and ends-with use ``AffixIndex``. Loading reads plain lines (addresses, `@domain`, hex
/// digests, `prefix:`/`suffix:`/`domain:` entries) in one pass and inserts them in prefetched batches into huge-page tables
/// (``ExclusionLoader``): a 10,000,000-address file (314 MB) loads in 1.3-1.7 s wall on a quiet
/// 2-core machine (2.0-3.4 s when shared with builds), 41 bytes per entry of peak RSS for the
/// whole process (392 MiB); a 10M mixed list (exact, prefix, suffix, domain, sha256) in 3.2-3.9 s.
/// Figures: Benchmarks/exclude/README.md.
public struct ExcludeStage: ConfigurableStage, PassThroughDeciding {
    public static let spec = StageSpec(
        name: "exclude",
        summary: "Drop or restrict contacts matched by exclusion lists.",
        settings: [
            SettingSpec("file", kind: .stringList,
                        summary: "Exclusion files: text, one entry per line (a bare address is exact; prefix:, suffix:, domain:, sha256:, md5:, 'lists: 3,4'), or CSV exports with an email column. The command also takes them as arguments."),
            SettingSpec("kind", kind: .choice(["auto", "exact", "prefix", "suffix", "domain", "sha256", "md5"]), default: "auto",
                        summary: "The kind of bare lines in these files: auto detects per line (address, @domain, hex hash)."),
            SettingSpec("lists", kind: .integerList,
                        summary: "Apply these entries to these list ids only: they are removed from the contact's subscriptions and the contact goes on. Default: all lists (the contact is dropped)."),
            SettingSpec("subdomains", kind: .boolean, default: "false",
                        summary: "Domain entries also match subdomains (example.com also excludes mail.example.com)."),
            SettingSpec("entries", flag: "entry", kind: .stringList,
                        summary: "Entries written in place, in the file syntax ('@example.com', 'prefix:test')."),
            SettingSpec("role_accounts", kind: .stringList,
                        summary: "Drop role accounts (info@, noreply@ ...): a preset in rules/role-accounts/ (standard) or a file of local parts."),
            SettingSpec("disposable", kind: .stringList,
                        summary: "Files of disposable-mail domains, one per line; subdomains match too."),
            SettingSpec("allow", kind: .stringList,
                        summary: "Files of domains never treated as disposable (and their subdomains)."),
        ],
        example: """
        exclude:
          - file: rules/exclusions/unsubscribed.csv
          - role_accounts: standard
          - file: rules/exclusions/partners.txt
            kind: suffix
            lists: [3]
          - disposable: rules/exclusions/disposable-domains.txt
            allow: rules/exclusions/allow-domains.txt
        """)

    public let name = "exclude"
    private let entries: ExclusionSet
    /// This stage's mark on records an earlier check cleared (``premark(_:)``); shared by its
    /// copies, which share its entries, and different for every stage built in the process.
    private let clearanceMark = RecordMark.next()
    private var scratch: [UInt8] = []
    private var scoped: [ExclusionHit] = []
    /// ``premark(chunk:)``'s folded emails, one after the other, and where each record's ends
    /// (-1 for a record with none to look up); kept for their capacity.
    private var aheadFolded: [UInt8] = []
    private var aheadEnds: [Int] = []

    /// How many entries were loaded, over every kind.
    public var entryCount: Int { entries.entryCount }

    /// The entries loaded, for the ledger: a list whose lines matched nothing shows here.
    public var facts: [KeyValue] { [KeyValue("entries", String(entryCount))] }
    /// Bytes held by the entry tables (for the benchmark and the audit).
    public var indexBytes: Int { entries.bytes }

    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        var loader = ExclusionLoader(hashKey: FingerprintKey.random(), context: context)
        let blocks = settings.list ?? [settings]
        for var block in blocks {
            // `exclude: [unsubscribed.txt, ...]`: a bare item is a file.
            if settings.list != nil, let path = block.scalar, !path.isEmpty {
                block = SettingNode(.map([(key: "file", keyPosition: block.position, node: block)]), at: block.position)
            }
            var r = SettingsReader(block, spec: Self.spec)
            var options = ExclusionLoader.Options()
            options.kind = r.choice("kind").flatMap { $0 == "auto" ? nil : ExclusionKind(rawValue: $0) }
            options.lists = r.ints("lists")
            if let lists = options.lists, lists.contains(where: { $0 <= 0 }) {
                r.problem("list ids in 'lists' are positive numbers", at: r.node("lists"))
            }
            options.subdomains = r.bool("subdomains") ?? false
            let files = r.strings("file") ?? []
            let inline = Self.positioned(r.node("entries"), r.strings("entries"))
            let roles = Self.positioned(r.node("role_accounts"), r.strings("role_accounts"))
            let disposable = r.strings("disposable") ?? []
            let allow = r.strings("allow") ?? []
            if block.members?.isEmpty ?? false, settings.list != nil {
                r.problem("an exclusion item needs 'file', 'entries', 'role_accounts' or 'disposable'", at: block, code: "missing_value")
            }
            do { try r.finish() } catch { problems += error.diagnostics; continue }
            for f in files { loader.loadFile(context.resolve(f), shownAs: f, options: options) }
            loader.loadInline(inline, options: options)
            for (preset, position) in roles { loader.loadRoles(preset, options: options, at: position) }
            for f in disposable { loader.loadDomainList(context.resolve(f), shownAs: f, allow: false, options: options) }
            for f in allow { loader.loadDomainList(context.resolve(f), shownAs: f, allow: true, options: options) }
        }
        problems += loader.errors
        if !problems.isEmpty { throw DiagnosticList(problems) }
        entries = loader.set
    }

    /// Values of a string-list setting with the position each was written at.
    private static func positioned(_ node: SettingNode?, _ values: [String]?) -> [(text: String, position: SourcePosition?)] {
        guard let values else { return [] }
        let nodes = node?.list ?? (node.map { [$0] } ?? [])
        return values.enumerated().map { i, v in (v, i < nodes.count ? nodes[i].position : node?.position) }
    }

    /// Checks `record` ahead of ``process(_:into:)`` and marks it when its email is on no list
    /// (``ContactRecord/exclusionClearance``): `process` then passes it at once, unless it has
    /// changed since. For a copy of this stage on another thread (the entries are only read).
    public mutating func premark(_ record: inout ContactRecord) {
        guard !record.isRejected, passesUnchanged(record) else { return }
        record.markCleared(by: clearanceMark)
    }

    /// ``premark(_:)`` of each record of `chunk`, with the same outcome, their lookups'
    /// cache misses overlapped: every email is folded and its slot in the exact-address table
    /// asked for first, then each is matched. (One record at a time, each lookup waited for
    /// its slot: a large exclusion list does not stay in the cache, and the wait was a tenth
    /// of the reading thread of `listwash run`.)
    public mutating func premark(chunk: inout [ContactRecord]) {
        aheadFolded.removeAll(keepingCapacity: true)
        aheadEnds.removeAll(keepingCapacity: true)
        for i in chunk.indices {
            if chunk[i].isRejected {
                aheadEnds.append(-1)
            } else if let email = chunk[i].email, KeyText.appendFolded(email, to: &aheadFolded) {
                aheadEnds.append(aheadFolded.count)
            } else {
                // No address, or one that folds to nothing: on no list (as ``premark(_:)``).
                chunk[i].markCleared(by: clearanceMark)
                aheadEnds.append(-1)
            }
        }
        let folded = aheadFolded, ends = aheadEnds
        folded.withUnsafeBufferPointer { folded in
            var start = 0
            for end in ends where end >= 0 {
                entries.prefetch(UnsafeBufferPointer(rebasing: folded[start..<end]))
                start = end
            }
            start = 0
            for i in chunk.indices where ends[i] >= 0 {
                let address = UnsafeBufferPointer(rebasing: folded[start..<ends[i]])
                start = ends[i]
                if entries.match(address, scoped: &scoped) == nil && scoped.isEmpty { chunk[i].markCleared(by: clearanceMark) }
            }
        }
        // The folded addresses of a chunk take 130 KiB at most after normalize (254 bytes an
        // address); a pipeline without it may bring longer ones, whose room is not kept.
        if aheadFolded.capacity > 1 << 20 { aheadFolded = [] }
    }

    public mutating func process(_ record: ContactRecord, into out: inout StageOutput) {
        if record.exclusionClearance == clearanceMark { out.emit(record); return }
        guard let email = record.email else { out.emit(record); return }
        if let hit = lookUp(email) {
            out.reject(record, reject(record, hit))
            return
        }
        if scoped.isEmpty {
            out.emit(record)
            return
        }
        var r = record
        var removed: Set<Int> = []
        for hit in scoped {
            let lists = entries.scopes[hit.ref.scope]
            removed.formUnion(lists)
            let source = entries.sources[Int(hit.ref.source)]
            r.notes.append(Note(code: "excluded_from_lists", field: "subscribe",
                                message: "'\(email)' is excluded from list \(lists.map(String.init).joined(separator: ", ")) by '\(hit.entry)' (\(source):\(hit.ref.line))",
                                lists: Array(lists)))
        }
        r.subscribe.removeAll { removed.contains($0) }
        out.emit(r)
    }

    /// Whether `record` is on no list at all, from its email alone (``PassThroughDeciding``):
    /// the same lookup as ``process(_:into:)``, which gets the few records that are.
    public mutating func passesUnchanged(_ record: ContactRecord) -> Bool {
        guard let email = record.email else { return true }
        return lookUp(email) == nil && scoped.isEmpty
    }

    public var decidesFromEmailBytes: Bool { true }

    public mutating func passesUnchanged(email: UnsafeBufferPointer<UInt8>?, source: Provenance) -> Bool {
        guard let email else { return true }
        scratch.removeAll(keepingCapacity: true)
        return lookUp(folded: KeyText.appendFolded(email, to: &scratch)) == nil && scoped.isEmpty
    }

    /// The entry for all lists that `email` (folded) matches, if any; the list-scoped entries
    /// it matches are left in ``scoped`` (empty for an address that folds to nothing).
    private mutating func lookUp(_ email: String) -> ExclusionHit? {
        scratch.removeAll(keepingCapacity: true)
        return lookUp(folded: KeyText.appendFolded(email, to: &scratch))
    }

    /// ``lookUp(_:)`` of the address folded into ``scratch`` (`folded` false: it folded to nothing).
    private mutating func lookUp(folded: Bool) -> ExclusionHit? {
        guard folded else {
            scoped.removeAll(keepingCapacity: true)
            return nil
        }
        return scratch.withUnsafeBufferPointer { entries.match($0, scoped: &scoped) }
    }

    public var decidingFields: RecordFieldSet? { .email }

    private func reject(_ r: ContactRecord, _ hit: ExclusionHit) -> Reject {
        let source = entries.sources[Int(hit.ref.source)]
        let email = r.email ?? ""
        let what: String
        switch hit.kind {
        case .exact: what = "is on the exclusion list"
        case .prefix: what = "begins with an excluded prefix"
        case .suffix: what = "ends with an excluded ending"
        case .domain: what = "is at an excluded domain"
        case .sha256, .md5: what = "matches a hashed suppression entry"
        case .role: what = "is a role account"
        case .disposable: what = "is at a disposable-mail domain"
        }
        return Reject(code: hit.kind.rejectCode, stage: name,
                      reason: "'\(email)' \(what): '\(hit.entry)' (\(source):\(hit.ref.line))",
                      fix: "if this contact may be mailed, remove the entry from '\(source)'",
                      match: ExclusionMatch(file: source, line: Int(hit.ref.line), entry: hit.entry))
    }
}
