import ListwashCore

extension ContactRecord {
    /// A record for tests: `ContactRecord.fixture(email: "a@b.com")`.
    public static func fixture(email: String? = nil, firstName: String? = nil, lastName: String? = nil,
                               phone: String? = nil, company: String? = nil, tags: [String] = [],
                               file: String = "t.csv", record: Int = 1, line: Int? = nil) -> ContactRecord {
        ContactRecord(email: email, firstName: firstName, lastName: lastName, phone: phone, customerAcctName: company,
                      tags: tags, source: Provenance(file: file, record: record, line: line ?? record + 1))
    }
}

/// Runs a stage over records and returns everything it emitted, plus its ledger.
public func runStage<S: Stage>(_ stage: S, _ records: [ContactRecord]) -> (out: [ContactRecord], ledger: Ledger) {
    var runner = StageRunner(stage)
    var out: [ContactRecord] = []
    for r in records { runner.push(r) { out.append($0) } }
    runner.finish { out.append($0) }
    return (out, runner.ledger)
}
