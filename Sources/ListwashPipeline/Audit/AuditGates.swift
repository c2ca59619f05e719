import ListwashCore

/// Conditions that fail an audit (exit status 2) for CI use: from `--max-reject-rate`,
/// `--max-duplicate-rate`, `--fail-on CODE` and a pipeline file's `audit: {fail_if: ...}`.
public struct AuditGates: Sendable, Equatable {
    /// Fail when rejects other than merged duplicates exceed this share of the records read.
    public var maxRejectRate: Double?
    /// Fail when merged duplicates exceed this share of the records read.
    public var maxDuplicateRate: Double?
    /// Fail when any record is rejected with one of these codes.
    public var failOn: [RejectCode] = []

    public init(maxRejectRate: Double? = nil, maxDuplicateRate: Double? = nil, failOn: [RejectCode] = []) {
        self.maxRejectRate = maxRejectRate
        self.maxDuplicateRate = maxDuplicateRate
        self.failOn = failOn
    }

    /// The `audit:` block of a pipeline file.
    public static let spec = StageSpec(
        name: "audit",
        summary: "Gates that fail `listwash audit` in CI, and stop `listwash run` before it submits (exit status 2).",
        settings: [
            SettingSpec("fail_if.reject_rate_over", flag: "max-reject-rate", kind: .number,
                        summary: "Fail when rejects (merged duplicates aside) exceed this share of the records read, 0 to 1."),
            SettingSpec("fail_if.duplicate_rate_over", flag: "max-duplicate-rate", kind: .number,
                        summary: "Fail when merged duplicates exceed this share of the records read, 0 to 1."),
            SettingSpec("fail_if.codes", flag: "fail-on", kind: .stringList,
                        summary: "Fail when any record is rejected with one of these codes (see 'listwash codes')."),
        ],
        example: """
        audit:
          fail_if: {reject_rate_over: 0.05, codes: [row_malformed]}
        """)

    /// Reads the `audit:` block.
    public init(settings node: SettingNode) throws(DiagnosticList) {
        var r = SettingsReader(node, spec: Self.spec)
        maxRejectRate = Self.rate(&r, "fail_if.reject_rate_over")
        maxDuplicateRate = Self.rate(&r, "fail_if.duplicate_rate_over")
        let codesNode = r.node("fail_if.codes")
        let items = codesNode.map { $0.list ?? [$0] } ?? []
        for (i, code) in (r.strings("fail_if.codes") ?? []).enumerated() {
            let c = RejectCode(code)
            if !c.isKnown {
                r.problem("unknown reject code '\(code)'", at: i < items.count ? items[i] : codesNode, code: "unknown_code",
                          fix: nearest(code, in: RejectCode.registry.map(\.code.rawValue)).map { "did you mean '\($0)'?" } ?? "'listwash codes' lists them")
            }
            failOn.append(c)
        }
        try r.finish()
    }

    private static func rate(_ r: inout SettingsReader, _ path: String) -> Double? {
        guard let v = r.double(path) else { return nil }
        if v < 0 || v > 1 {
            let node = r.node(path)
            r.problem("'\(path)' is a share between 0 and 1, found '\(node?.scalar ?? String(v))'", at: node, code: "out_of_range", fix: "write 0.05 for 5%")
        }
        return v
    }

    /// These gates tightened by `other` (command-line flags add to the file's gates).
    public func merged(with other: AuditGates) -> AuditGates {
        AuditGates(maxRejectRate: other.maxRejectRate ?? maxRejectRate,
                   maxDuplicateRate: other.maxDuplicateRate ?? maxDuplicateRate,
                   failOn: Array(Set(failOn + other.failOn)).sorted())
    }

    /// Why the report fails the gates; empty when it passes.
    public func failures(of report: AuditReport) -> [String] {
        var byCode: [RejectCode: Int] = [:]
        for group in report.rejects { byCode[group.code, default: 0] += group.count }
        return failures(recordsRead: report.recordsRead, rejected: byCode)
    }

    /// Why a run fails the gates, from its ledgers: the records the first stage read and the
    /// rejects the last stage counted (every reject of the run, by code). `listwash run` checks
    /// them after `batch` and before it submits. Empty when it passes, or when nothing ran.
    public func failures(of run: PipelineRun) -> [String] {
        guard let first = run.ledgers.first, let last = run.ledgers.last else { return [] }
        return failures(recordsRead: first.input, rejected: last.rejected)
    }

    /// Why `recordsRead` records with these rejects fail the gates; empty when they pass.
    /// Merged duplicates (`duplicate_merged`) count towards the duplicate rate, the other
    /// rejects towards the reject rate.
    public func failures(recordsRead: Int, rejected: [RejectCode: Int]) -> [String] {
        let duplicates = rejected[.duplicateMerged] ?? 0
        let others = rejected.values.reduce(0, +) - duplicates
        func share(_ n: Int) -> Double { recordsRead == 0 ? 0 : Double(n) / Double(recordsRead) }
        var out: [String] = []
        if let max = maxRejectRate, share(others) > max {
            let (rate, limit) = percents(share(others), over: max)
            out.append("reject rate \(rate) is over the limit \(limit) (\(others) of \(recordsRead) records)")
        }
        if let max = maxDuplicateRate, share(duplicates) > max {
            let (rate, limit) = percents(share(duplicates), over: max)
            out.append("duplicate rate \(rate) is over the limit \(limit) (\(duplicates) of \(recordsRead) records)")
        }
        for code in failOn {
            if let n = rejected[code], n > 0 {
                out.append("\(n) record\(n == 1 ? "" : "s") rejected with '\(code)' (--fail-on \(code))")
            }
        }
        return out
    }
}

/// A rate over its limit and the limit, with as many decimals as it takes to tell them apart
/// (up to four): `5.04%` over `5.00%`, where one decimal said "5.0% is over the limit 5.0%".
func percents(_ rate: Double, over limit: Double) -> (String, String) {
    for decimals in 1...4 {
        let pair = (percent(rate, decimals: decimals), percent(limit, decimals: decimals))
        if pair.0 != pair.1 || decimals == 4 { return pair }
    }
    return (percent(rate), percent(limit))
}

/// `x` as a percentage with `decimals` decimals: `0.05041` → `5.04%` with two.
func percent(_ x: Double, decimals: Int) -> String {
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let units = Int((x * 100 * Double(scale)).rounded())
    let fraction = String(units % scale)
    return "\(units / scale)." + String(repeating: "0", count: decimals - fraction.count) + fraction + "%"
}

/// `0.0512` → `5.1%`.
func percent(_ x: Double) -> String { percent(x, decimals: 1) }
