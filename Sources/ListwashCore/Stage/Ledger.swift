/// The conservation ledger of one command or stage: `in = out + rejected` (DESIGN §2).
///
/// `rejected` counts every rejected record that left this stage, whether rejected here or
/// passed through from upstream, so the last stage of a pipe balances against the input rows.
public struct Ledger: Sendable, Hashable {
    public var stage: String
    public var input = 0
    public var output = 0
    public var rejected: [RejectCode: Int] = [:]
    /// How many of the rejects were made by this stage.
    public var rejectedHere = 0
    /// Records neither out nor rejected yet: `submit`'s contacts in batches it has not seen
    /// completed (failed, interrupted or still queued), which running it again sends or polls.
    /// Zero for every other stage.
    public var pending = 0
    /// Facts a person wants next to the counts (encoding used, delimiter chosen, mapping preset).
    public var facts: [KeyValue] = []
    /// Set when an input could be read only in part (e.g. XML malformed halfway).
    public var partial: [String] = []

    public init(stage: String) { self.stage = stage }

    public var rejectedTotal: Int { rejected.values.reduce(0, +) }
    public var isBalanced: Bool { input == output + rejectedTotal + pending }

    /// Counts one record leaving the stage.
    public mutating func countOut(_ r: ContactRecord) {
        // `isRejected` first: binding `r.reject` copies the whole optional, live records too.
        guard r.isRejected, let rej = r.reject else {
            output += 1
            return
        }
        countOut(reject: rej)
    }

    /// Counts a record leaving the stage by its reject (nil: live).
    public mutating func countOut(reject rej: Reject?) {
        guard let rej else {
            output += 1
            return
        }
        rejected[rej.code, default: 0] += 1
        if rej.stage == stage { rejectedHere += 1 }
    }

    /// `normalize: in 100 = out 96 + rejected 4 (email_invalid 3, email_missing 1)`.
    public var line: String {
        var s = "\(stage): in \(input) = out \(output) + rejected \(rejectedTotal)"
        let codes = rejected.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !codes.isEmpty { s += " (" + codes.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")" }
        if pending > 0 { s += " + pending \(pending)" }
        if !isBalanced { s += " UNBALANCED" }
        for f in facts { s += "; \(f.key): \(f.value)" }
        for p in partial { s += "; PARTIAL: \(p)" }
        return s
    }

    /// The ledger as a JSON document (`--stats FILE`).
    public var json: String {
        var w = JSONWriter()
        w.raw("{\"stage\":"); w.string(stage)
        w.raw(",\"in\":"); w.int(input)
        w.raw(",\"out\":"); w.int(output)
        w.raw(",\"rejected\":"); w.int(rejectedTotal)
        w.raw(",\"rejected_here\":"); w.int(rejectedHere)
        if pending > 0 { w.raw(",\"pending\":"); w.int(pending) }
        w.raw(",\"rejected_by_code\":{")
        for (i, (k, v)) in rejected.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(k.rawValue); w.int(v)
        }
        w.raw("},\"balanced\":"); w.raw(isBalanced ? "true" : "false")
        w.raw(",\"facts\":{")
        for (i, f) in facts.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.key(f.key); w.string(f.value) }
        w.raw("},\"partial\":[")
        for (i, p) in partial.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.string(p) }
        w.raw("]}\n")
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
