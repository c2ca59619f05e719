#if canImport(Glibc)
import Glibc
#endif
import ListwashCore

/// `dedupe`: folds records that are the same contact into one survivor (DESIGN §3).
///
/// - Key: the email by default, or several values (`key: [email, customer_acct_name]`), each
///   trimmed, lowercased and inner whitespace folded before comparing (``DedupeKey``). A record
///   whose key is empty (no email while the key has `email`) is passed on, never merged.
/// - Merge: ``MergePolicy``. Every folded record leaves as a `duplicate_merged` reject whose
///   `into` names the survivor, so the ledger balances and nothing is lost. Tags, `subscribe`,
///   `unsubscribe` and `_merged` are unioned into the survivor in every policy; under `first`
///   that holds the survivors in a temporary file until the input ends (``DeferredSurvivors``),
///   unless `union: false`, which streams each survivor at once with its own values.
/// - `provider_rules`: Gmail dots and `+tags`, `googlemail.com`, and the plus addressing of a
///   few big providers are ignored when matching (``ProviderRules``); the address sent is the
///   survivor's own.
/// - Fuzzy candidates (same phone, or same name and company, under different keys) are
///   collected in ``candidates`` and written to the `candidates` file; never merged. Under
///   `coalesce`, `last` and `most_complete` they are looked for among the merged survivors at
///   the end (a phone a survivor took from its duplicate counts); `first` keeps the first
///   record's values, so its survivors are checked as they come.
///
/// Memory: with `merge: first` the stage keeps one 28-byte slot per unique key (32 with `union`)
/// in a table 50% to 75% full: 37 to 56 bytes per unique contact (``SurvivorIndex``), and a
/// growth needs little more than the new table, as the old one is handed back while it is read
/// (``FingerprintTable/grow()``). With `union` on, `first` also keeps what duplicates add: 16
/// bytes per folded record (its packed `_src` in a chain), 12 per survivor a duplicate reached
/// (plus its map entry; 42.5 bytes per folded record measured with every contact twice), and
/// the tags and lists they bring; the survivors themselves wait on disk, in `TMPDIR`, in a file
/// unlinked at creation, and come back in parts of 4096 at the end (peak RSS on 1M unique
/// contacts: the same as streaming). `coalesce` keeps one survivor record per key; `last` and
/// `most_complete` keep the record winning so far per key, and the others in a temporary file
/// until the end of input, when the winner, and so what each folded record's `into` says, is
/// known (``HeldGroups``).
public struct DedupeStage: ConfigurableStage, FinishesInParts, PassThroughDeciding {
    public static let spec = StageSpec(
        name: "dedupe",
        summary: "Fold duplicate contacts by key with a merge policy.",
        settings: [
            SettingSpec("key", kind: .stringList, default: "[email]",
                        summary: "Values that make two records the same contact, compared trimmed and lowercased: email, first_name, last_name, phone, customer_acct_name or fields.<id>. Repeat the flag for a composite key."),
            SettingSpec("merge", kind: .choice(MergePolicy.allCases.map(\.rawValue)), default: "first",
                        summary: "Which record survives: first, last, coalesce (first non-empty value per field) or most_complete. Tags and lists are unioned in every policy (see union)."),
            SettingSpec("union", kind: .boolean, default: "true",
                        summary: "Under merge first, add the tags and lists of later duplicates to the survivor. The survivors then wait in a temporary file under TMPDIR and come out in input order once the input ends; with false (--union=false), first streams each survivor at once with its own tags and lists, and each duplicate notes what was not added. The other policies always union."),
            SettingSpec("provider_rules", kind: .boolean, default: "false",
                        summary: "Match Gmail addresses without dots and +tags (and googlemail.com), and +tags at Outlook, iCloud, Fastmail and Proton; the address sent is never rewritten."),
            SettingSpec("candidates", kind: .string,
                        summary: "Write possible duplicates under different keys (same phone, or same name and company) to this JSON Lines file for review; they are never merged."),
            SettingSpec("fuzzy", kind: .boolean, default: "false",
                        summary: "Look for possible duplicates even without a candidates file (the audit reports them). Costs memory per contact."),
        ],
        example: """
        dedupe:
          key: [email]
          merge: coalesce
          provider_rules: true
          candidates: out/duplicate-candidates.jsonl
        """)

    public let name = "dedupe"
    public let policy: MergePolicy
    /// Where the candidates are written at the end of input, resolved against the base directory.
    public let candidatesPath: String?
    /// The fuzzy candidates found so far (all of them once the stream has ended).
    public var candidates: [DuplicateCandidate] { finder?.found ?? [] }

    /// Whether `first` unions (holding its survivors in a temporary file until the end).
    public let union: Bool

    private var key: DedupeKey
    /// This stage's mark on records whose key a ``keyMarker`` fingerprinted ahead.
    private let keyMark = RecordMark.next()
    private var index: SurvivorIndex
    /// The survivors held by `first` with `union` on (created at the first record).
    private var deferred: DeferredSurvivors?
    /// Whether `finish` has started handing over the held survivors.
    private var releasing = false
    private var groupOf: FingerprintTable<UInt32>
    /// `coalesce`'s survivors (one record per group), in input order.
    private var groups: [[ContactRecord]] = []
    /// Under `coalesce`, each group's tag union (``FoldedTagSet``), for groups with duplicates.
    private var coalescedTags: [UInt32: FoldedTagSet] = [:]
    /// The groups `last` and `most_complete` hold (created at the first record).
    private var held: HeldGroups?
    /// Whether `finish` has emitted the held groups' survivors.
    private var survivorsEmitted = false
    private var finder: CandidateFinder?
    private let context: StageContext

    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var r = SettingsReader(settings, spec: Self.spec)
        var parts: [DedupeKey.Part] = []
        let keyNames = r.strings("key") ?? ["email"]
        for name in keyNames {
            if let p = DedupeKey.Part(name) {
                if !parts.contains(p) { parts.append(p) }
            } else {
                r.problem("unknown key part '\(name)' in stage 'dedupe'; use one of \(DedupeKey.Part.names.joined(separator: ", "))",
                          at: r.node("key"), code: "invalid_value",
                          fix: nearest(name, in: Array(DedupeKey.Part.names.dropLast())).map { "did you mean '\($0)'?" })
            }
        }
        if keyNames.isEmpty { r.problem("'key' needs at least one value", at: r.node("key")) }
        policy = r.choice("merge").flatMap(MergePolicy.init(rawValue:)) ?? .first
        let providerRules = r.bool("provider_rules") ?? false
        let candidates = r.string("candidates").map(context.resolve)
        if let candidates, candidates.isEmpty || candidates.hasSuffix("/") {
            r.problem("'candidates' must name a file", at: r.node("candidates"))
        }
        let fuzzy = r.bool("fuzzy") ?? false
        union = r.bool("union") ?? true
        try r.finish()
        index = SurvivorIndex(ordinals: policy == .first && union)
        let hashKey = FingerprintKey.random()
        key = DedupeKey(parts: parts, providerRules: providerRules, hashKey: hashKey)
        candidatesPath = candidates
        finder = (fuzzy || candidates != nil) ? CandidateFinder(hashKey: hashKey) : nil
        groupOf = FingerprintTable(filler: 0)
        self.context = context
    }

    /// Fingerprints records' keys ahead of this stage (and its copies), for another thread.
    public var keyMarker: DedupeKeyMarker { DedupeKeyMarker(key: key, id: keyMark) }

    /// Asks for the index slot of the key a ``keyMarker`` left with `record`, a record this
    /// stage is about to see, so that its cache miss is served while the records before it are
    /// processed: with a million contacts the index is far larger than the cache and every
    /// insert lands on a random slot. A record without a mark is left out; nothing is decided
    /// here. `listwash run` calls it ``prefetchDistance`` records ahead (a whole chunk asked
    /// for at once was partly evicted again by the batches written in between).
    public func prefetch(_ record: ContactRecord) {
        if let f = premarkedFingerprint(record) { index.prefetch(f) }
    }

    /// How many records ahead of the one being processed ``prefetch(_:)`` works best: far
    /// enough for the miss to be served, near enough for the slot to stay in the cache.
    public static let prefetchDistance = 16

    /// The fingerprint a ``keyMarker`` of this stage left with `record`, if it still holds.
    @inline(__always)
    private func premarkedFingerprint(_ record: ContactRecord) -> Fingerprint128? {
        record.premarkedKey(keyMark).map { Fingerprint128(hi: $0.hi, lo: $0.lo) }
    }

    /// The fingerprint of `record`'s key: the one a ``keyMarker`` left with it, else folded here.
    private mutating func keyFingerprint(_ record: ContactRecord) -> Fingerprint128? {
        premarkedFingerprint(record) ?? key.fingerprint(of: record)
    }

    public mutating func process(_ record: ContactRecord, into out: inout StageOutput) {
        if policy == .first && union && deferred == nil {
            deferred = DeferredSurvivors(directory: context.environment["TMPDIR"] ?? "/tmp")
        }
        if (policy == .last || policy == .mostComplete) && held == nil {
            held = HeldGroups(policy: policy, directory: context.environment["TMPDIR"] ?? "/tmp")
        }
        guard let fp = keyFingerprint(record) else {
            if deferred != nil { deferred!.hold(record, keyed: false) }
            else if policy.isStreaming { out.emit(record) } else if held != nil { _ = held!.start(record) } else { groups.append([record]) }
            return
        }
        switch policy {
        case .first where deferred != nil:
            if let survivor = index.insert(fp, source: record.source, ordinal: deferred!.nextOrdinal) {
                deferred!.absorb(record, into: survivor.ordinal, index: &index)
                out.reject(record, duplicate(record, into: index.unpack(survivor.source)))
            } else {
                deferred!.hold(noteCandidates(record), keyed: true)
            }
        case .first:
            if let survivor = index.insert(fp, source: record.source) {
                out.reject(notedFirst(record), duplicate(record, into: index.unpack(survivor.source)))
            } else {
                out.emit(noteCandidates(record))
            }
        case .coalesce:
            if let g = groupOf.insertIfAbsent(fp, UInt32(truncatingIfNeeded: groups.count)) {
                // Changed in place: a copy shared the survivor's box, so every merge copied its
                // `_merged` list, quadratic in the copies of one address (a placeholder email
                // on 40,000 rows took 15 s).
                RecordMerge.coalesce(record, into: &groups[Int(g)][0])
                RecordMerge.absorb(record, into: &groups[Int(g)][0], tagSet: &coalescedTags[g, default: FoldedTagSet()])
                out.reject(record, duplicate(record, into: groups[Int(g)][0].source))
            } else {
                // Checked for fuzzy candidates at the end, as merged (``finish(into:)``).
                groups.append([record])
            }
        case .last, .mostComplete:
            if let g = groupOf.insertIfAbsent(fp, UInt32(truncatingIfNeeded: held!.groups.count)) {
                held!.add(record, to: g)
            } else {
                _ = held!.start(record)
            }
        }
    }

    /// Whether a new key's record leaves exactly as it came: `first` without `union` (which
    /// would hold it) and without fuzzy candidates (which would add notes).
    private var passesSurvivorsAsTheyCome: Bool { policy == .first && !union && finder == nil }

    /// The key's properties, when this dedupe streams (`first` without `union` or fuzzy
    /// candidates): only then is a new key's record passed on exactly as it came
    /// (``PassThroughDeciding``). Custom fields are always decoded.
    public var decidingFields: RecordFieldSet? {
        guard passesSurvivorsAsTheyCome else { return nil }
        return key.parts.reduce(into: RecordFieldSet()) { set, part in
            switch part {
            case .email: set.insert(.email)
            case .firstName: set.insert(.firstName)
            case .lastName: set.insert(.lastName)
            case .phone: set.insert(.phone)
            case .company: set.insert(.customerAcctName)
            case .field: break
            }
        }
    }

    /// Records a new key's survivor and passes it on as it came; a duplicate (or any record
    /// of a dedupe that does not stream) goes to ``process(_:into:)`` whole, the index
    /// unchanged (``PassThroughDeciding``).
    public mutating func passesUnchanged(_ record: ContactRecord) -> Bool {
        guard passesSurvivorsAsTheyCome else { return false }
        guard let fp = keyFingerprint(record) else { return true }
        return index.insert(fp, source: record.source) == nil
    }

    /// With the email as the whole key, a survivor is known from the email's bytes.
    public var decidesFromEmailBytes: Bool { passesSurvivorsAsTheyCome && key.isEmailOnly }

    public mutating func passesUnchanged(email: UnsafeBufferPointer<UInt8>?, source: Provenance) -> Bool {
        guard decidesFromEmailBytes else { return false }
        guard let email, let fp = key.fingerprint(ofEmail: email) else { return true }
        return index.insert(fp, source: source) == nil
    }

    /// Checks `record` for fuzzy candidates and notes each pair it completes on the record
    /// (`duplicate_candidate`), so the audit and `rejects.jsonl` readers see it; never merges.
    private mutating func noteCandidates(_ record: ContactRecord) -> ContactRecord {
        guard finder != nil else { return record }
        let before = finder!.found.count
        finder!.check(record)
        guard finder!.found.count > before else { return record }
        var r = record
        for c in finder!.found[before...] {
            let why = c.reason == .samePhone ? "the same phone" : "the same name and company"
            r.notes.append(Note(code: "duplicate_candidate", field: "email",
                                message: "'\(c.second.email)' has \(why) as '\(c.first.email)' (\(c.first.source)): review, never merged automatically"))
        }
        return r
    }

    /// Survivors handed over per `finish` call when `first` unions (``FinishesInParts``).
    static let releasePart = 4096

    public var hasMoreToFinish: Bool { deferred != nil || held != nil }

    public mutating func finish(into out: inout StageOutput) {
        if deferred != nil {
            if !releasing, let why = deferred!.spillFailure {
                context.warn(Diagnostic(at: nil, "dedupe held its survivors in memory: \(why)", code: "dedupe_spill_failed"))
            }
            releasing = true
            if deferred!.release(upTo: Self.releasePart, stage: name, index: index, to: { out.emit($0) }) { return }
            deferred = nil
        }
        // Fuzzy candidates are looked for among the survivors as merged, what is imported: a
        // phone or name a survivor got from a duplicate counts (a record without a key is never
        // compared, as in the streaming policies).
        func noted(_ survivor: ContactRecord) -> ContactRecord {
            finder != nil && key.fingerprint(of: survivor) != nil ? noteCandidates(survivor) : survivor
        }
        if policy == .coalesce {
            for group in groups { out.emit(noted(group[0])) }
            groups = []
            coalescedTags = [:]
        }
        if held != nil {
            // The survivors at once (one per unique key), then the duplicates from the
            // temporary file in parts, each rejected into its group's survivor.
            if !survivorsEmitted {
                if let why = held!.spillFailure {
                    context.warn(Diagnostic(at: nil, "dedupe held its duplicates in memory: \(why)", code: "dedupe_spill_failed"))
                }
                survivorsEmitted = true
                for g in held!.groups.indices { out.emit(noted(held!.survivor(g))) }
                return
            }
            let part = held!.losers(upTo: Self.releasePart, stage: name)
            for (r, g) in part {
                if r.reject != nil { out.emit(r) } else { out.reject(r, duplicate(r, into: held!.groups[g].winner.source)) }
            }
            if !part.isEmpty { return }
            held = nil
        }
        writeCandidates()
    }

    /// Bytes held by the `first` index (for the benchmark and the audit).
    public var indexBytes: Int { index.bytes }

    private func duplicate(_ r: ContactRecord, into survivor: Provenance) -> Reject {
        // "'a@b.c' is a duplicate (key email) of the record at f.csv:2; merge 'first' kept that
        // one", built in one buffer: interpolation was 7,800 instructions per duplicate.
        var reason = TextBuilder(capacity: 160)
        if let email = r.email {
            reason.append("'"); reason.append(email); reason.append("'")
        } else {
            reason.append("the record")
        }
        reason.append(" is a duplicate (key "); reason.append(key.label)
        reason.append(") of the record at "); reason.append(survivor)
        reason.append("; merge '"); reason.append(policy.rawValue); reason.append("' kept that one")
        return Reject(code: .duplicateMerged, stage: name, reason: reason.text, into: survivor)
    }

    /// Under `first` with `union` off the survivor has already gone on, so say what of the
    /// duplicate was not merged.
    private func notedFirst(_ r: ContactRecord) -> ContactRecord {
        guard !r.tags.isEmpty || !r.subscribe.isEmpty || !r.unsubscribe.isEmpty else { return r }
        var r = r
        // Built in one buffer, as the duplicate's reason (``duplicate(_:into:)``).
        var message = TextBuilder(capacity: 224)
        message.append("merge 'first' streams the survivor before its duplicates arrive, so this record's ")
        var separator: StaticString = ""
        if !r.tags.isEmpty {
            message.append("tags ")
            for (i, t) in r.tags.enumerated() {
                if i > 0 { message.append(", ") }
                message.append("'"); message.append(t); message.append("'")
            }
            separator = "; "
        }
        func lists(_ label: StaticString, _ ids: [Int]) {
            guard !ids.isEmpty else { return }
            message.append(separator); message.append(label)
            for (i, id) in ids.enumerated() {
                if i > 0 { message.append(", ") }
                message.append(id)
            }
            separator = "; "
        }
        lists("subscribe ", r.subscribe)
        lists("unsubscribe ", r.unsubscribe)
        message.append(" were not added to it; use 'union: true' (the default) to union them")
        r.notes.append(Note(code: "duplicate_not_unioned", message: message.text))
        return r
    }

    private func writeCandidates() {
        guard let path = candidatesPath, let finder else { return }
        var text = ""
        for c in finder.found { text += c.jsonLine + "\n" }
        guard let f = fopen(path, "w") else {
            context.warn(Diagnostic(at: nil, "cannot write the candidates file '\(path)': \(String(cString: strerror(errno)))",
                                    code: "candidates_unwritable"))
            return
        }
        let ok = text.utf8.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, f) == $0.count } ?? false
        if fclose(f) != 0 || !ok {
            context.warn(Diagnostic(at: nil, "writing the candidates file '\(path)' failed: \(String(cString: strerror(errno)))",
                                    code: "candidates_unwritable"))
        }
    }
}
