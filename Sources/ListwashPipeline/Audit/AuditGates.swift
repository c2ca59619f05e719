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
        summary: "Gates that fail `listwash audit` (exit status 2) in CI.",
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
        var out: [String] = []
        if let max = maxRejectRate, report.rejectRate > max {
            out.append("reject rate \(percent(report.rejectRate)) is over the limit \(percent(max)) (\(report.rejectsExcludingDuplicates) of \(report.recordsRead) records)")
        }
        if let max = maxDuplicateRate, report.duplicateRate > max {
            out.append("duplicate rate \(percent(report.duplicateRate)) is over the limit \(percent(max)) (\(report.duplicatesMerged) of \(report.recordsRead) records)")
        }
        for code in failOn {
            if let n = report.rejects.first(where: { $0.code == code })?.count, n > 0 {
                out.append("\(n) record\(n == 1 ? "" : "s") rejected with '\(code)' (--fail-on \(code))")
            }
        }
        return out
    }
}

/// `0.0512` → `5.1%`.
func percent(_ x: Double) -> String {
    let tenths = Int((x * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}
