import ListwashCore

/// Which record of a group of duplicates survives, and with which values (`merge:`).
///
/// In every policy the survivor's tags, `subscribe` and `unsubscribe` are the union over the
/// group in input order, and its `_merged` lists the `_src` of every record folded into it.
/// ``first`` does so by holding its survivors in a temporary file until the end of input
/// (``DeferredSurvivors``). With `union: false` it streams instead: the survivor has gone
/// downstream by the time a duplicate arrives, so a duplicate's own tags and lists stay on its
/// `duplicate_merged` reject (with a note saying so) and `_merged` stays empty; `into` still
/// names the survivor.
public enum MergePolicy: String, CaseIterable, Sendable {
    /// The first record wins, with the tags and lists of its duplicates added; output in input
    /// order (at the end of input, or at once with `union: false`).
    case first
    /// The last record wins; held to the end of input.
    case last
    /// The first record wins, its empty values filled from later records in input order.
    case coalesce
    /// The record with the most non-empty values wins; ties go to the earliest.
    case mostComplete = "most_complete"

    /// Whether the policy can emit survivors as they arrive (with `union: false`).
    public var isStreaming: Bool { self == .first }
}

/// Folding a group of duplicate records into one survivor.
enum RecordMerge {
    /// How many contact values a record has (the `most_complete` score): non-empty email,
    /// names, phone, account and custom fields.
    static func completeness(_ r: ContactRecord) -> Int {
        var n = 0
        for v in [r.email, r.firstName, r.lastName, r.phone, r.customerAcctName] where !(v ?? "").isEmpty { n += 1 }
        for f in r.fields where !f.value.isEmpty { n += 1 }
        return n
    }

    /// Appends the tags of `more` that `tags` lacks, compared as normalize's tag dedupe compares
    /// them (case folded, first spelling kept): ActiveCampaign matches tags without case, so
    /// "VIP" and "vip" are one tag. Every union of the stage goes through here.
    static func addTags(_ more: [String], to tags: inout [String]) {
        guard !more.isEmpty else { return }
        var seen = Set(tags.map(CaseFolding.lowercase))
        for t in more where seen.insert(CaseFolding.lowercase(t)).inserted { tags.append(t) }
    }

    /// Adds `other`'s tags, lists and provenance to `survivor` (the parts every policy unions);
    /// `tagSet` follows `survivor`'s tags from one absorb to the next.
    static func absorb(_ other: ContactRecord, into survivor: inout ContactRecord, tagSet: inout FoldedTagSet) {
        tagSet.add(other.tags, to: &survivor.tags)
        for l in other.subscribe where !survivor.subscribe.contains(l) { survivor.subscribe.append(l) }
        for l in other.unsubscribe where !survivor.unsubscribe.contains(l) { survivor.unsubscribe.append(l) }
        survivor.merged.append(other.source)
        survivor.merged.append(contentsOf: other.merged)
    }

    /// Fills `survivor`'s empty values from `other` (the `coalesce` policy, one later record).
    static func coalesce(_ other: ContactRecord, into survivor: inout ContactRecord) {
        func fill(_ a: inout String?, _ b: String?) { if (a ?? "").isEmpty, let b, !b.isEmpty { a = b } }
        fill(&survivor.email, other.email)
        fill(&survivor.firstName, other.firstName)
        fill(&survivor.lastName, other.lastName)
        fill(&survivor.phone, other.phone)
        fill(&survivor.customerAcctName, other.customerAcctName)
        fill(&survivor.fullName, other.fullName)
        fillPairs(&survivor.fields, other.fields)
        fillPairs(&survivor.extra, other.extra)
    }

    private static func fillPairs(_ a: inout [KeyValue], _ b: [KeyValue]) {
        for kv in b where !kv.value.isEmpty {
            if let i = a.firstIndex(where: { $0.key == kv.key }) {
                if a[i].value.isEmpty { a[i].value = kv.value }
            } else {
                a.append(kv)
            }
        }
    }
}

/// The case-folded tags of a union that keeps growing (a group of duplicates), once it holds
/// more than ``threshold`` tags, so that each addition costs its own tags and not the whole
/// union's. ``RecordMerge/addTags(_:to:)`` alone builds a set of the union on every call: with
/// one address on 20,000 rows, each with its own tag, `dedupe` took 12 s (quadratic). Below the
/// threshold no set is kept: most groups have a few tags, and a set per group would cost memory
/// per unique contact.
struct FoldedTagSet {
    static let threshold = 16
    private var folded: Set<String>?

    /// Appends the tags of `more` that `tags` lacks, compared as ``RecordMerge/addTags(_:to:)``
    /// compares them. `tags` is the union this set has followed since it was made.
    mutating func add(_ more: [String], to tags: inout [String]) {
        guard !more.isEmpty else { return }
        if folded == nil {
            if tags.count + more.count <= Self.threshold { RecordMerge.addTags(more, to: &tags); return }
            folded = Set(tags.map(CaseFolding.lowercase))
        }
        for t in more where folded!.insert(CaseFolding.lowercase(t)).inserted { tags.append(t) }
    }
}
