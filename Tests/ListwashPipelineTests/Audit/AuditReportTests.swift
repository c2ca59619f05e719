import Foundation
import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashPipeline

extension AuditReport {
    func with(gates: AuditGates) -> AuditReport {
        var r = self
        r.gateFailures = gates.failures(of: r)
        return r
    }
}

struct AuditReportTests {
    static func report(gates: AuditGates = AuditGates()) throws -> AuditReport {
        let c = collector()
        return try AuditReport(pipeline: "test", run: run(c), collector: c, warnings: []).with(gates: gates)
    }

    static func run(_ c: AuditCollector) -> PipelineRun {
        var run = PipelineRun()
        run.ledgers = c.pipeLedgers()
        return run
    }

    static func collector() -> AuditCollector {
        var c = AuditCollector()
        for i in 1...8 { c.observe(.fixture(email: "person\(i)@gmail.com", firstName: "P\(i)", record: i)) }
        c.observe(ContactRecord.fixture(email: "x@@y.com", record: 9).rejected(Reject(code: .emailInvalid, stage: "normalize", reason: "'x@@y.com' has two '@' and a very long explanation that goes on and on past eighty columns")))
        c.observe(ContactRecord.fixture(email: "person1@gmail.com", record: 10).rejected(
            Reject(code: .duplicateMerged, stage: "dedupe", reason: "same email", into: Provenance(file: "t.csv", record: 1, line: 2))))
        var n = ContactRecord.fixture(email: "z@gmial.com", record: 11)
        n.notes = [Note(code: "email_typo_suggestion", field: "email", message: "did you mean 'z@gmail.com'?")]
        c.observe(n)
        return c
    }

    @Test func summarizesTheRunAndBalances() throws {
        let r = try Self.report()
        #expect(r.recordsRead == 11)
        #expect(r.importable == 9)
        #expect(r.rejected == 2)
        #expect(r.duplicatesMerged == 1)
        #expect(r.isBalanced)
        #expect(r.typoSuggestions.map(\.code) == ["email_typo_suggestion"])
        #expect(r.warnings.contains { $0.contains("10 or fewer") })
        #expect(r.warnings.contains { $0.contains("account's own exclusion list") })
    }

    @Test func theTerminalSummaryFitsIn80Columns() throws {
        let text = try Self.report().terminalText
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        for section in ["funnel", "rejects by code", "duplicates", "fill rates", "top domains", "inputs", "batch plan", "warnings"] {
            #expect(text.contains("\n\(section)"), "\(section)")
        }
    }

    @Test func theJSONIsValidAndStable() throws {
        let r = try Self.report()
        #expect(try r.json == Self.report().json)
        let value = try JSONValue.parse(r.json)
        #expect(value["schema"]?.stringValue == "listwash-audit/1")
        #expect(value["summary"]?["read"]?.intValue == 11)
        #expect(value["rejects"]?.arrayValue?.count == 2)
    }

    /// Sweep 10 F19: the page's "Rejected" tile is the JSON's and the terminal's `rejected`
    /// (merged duplicates included), so the tiles add up to the equation under them.
    @Test func theRejectedTileIsTheSameCountAsTheJSONAndTheTerminal() throws {
        let r = try Self.report()
        let html = r.html
        #expect(html.contains("data-key=\"read\">11<"))
        #expect(html.contains("data-key=\"importable\">9<"))
        #expect(html.contains("data-key=\"rejected\">2<"))
        #expect(html.contains("data-key=\"duplicates-merged\">1<"))
        #expect(html.contains("read 11 = importable 9 + rejected 2 (merged duplicates among them: 1) ✓"))
        #expect(try JSONValue.parse(r.json)["summary"]?["rejected"]?.intValue == 2)
        #expect(r.terminalText.contains("rejected 2 "))
    }

    /// Sweep 10 F07: the fill rates count the contacts as sent, with the tags and lists
    /// `batch` adds to every one (a contact whose scoped exclusion removed the run's list is
    /// sent without it), and the report names what batch adds.
    @Test func fillRatesCountTheRunLevelTagsAndListsBatchAdds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", "Email,First Name,Tags\nann@acme.co,Ann,\nbob@acme.co,Bob,vip\ncy@acme.co,Cy,\n")
        _ = try dir.write("no3.txt", "cy@acme.co\n")
        let path = try dir.write("p.yaml", """
            version: 1
            name: fill
            inputs:
              - path: in.csv
            exclude:
              - file: no3.txt
                lists: [3]
            batch:
              out: out
              tags: [spring-2026]
              subscribe: [3]
            """)
        let (report, resolution) = try PipelineAudit.run(path: path, environment: [:])
        let r = try #require(report, "\(resolution.diagnostics)")
        let filled = Dictionary(uniqueKeysWithValues: r.fillRates.map { ($0.name, $0.count) })
        #expect(r.importable == 3)
        #expect(filled["tags"] == 3)
        #expect(filled["subscribe"] == 2)
        #expect(r.terminalText.contains("counted with what batch adds: tag 'spring-2026'; list 3"))
        #expect(r.html.contains("what batch adds to every contact: tag &#39;spring-2026&#39;; list 3") || r.html.contains("what batch adds to every contact: tag 'spring-2026'; list 3"))
        let adds = try JSONValue.parse(r.json)["batch_adds"]
        #expect(adds?["tags"]?.arrayValue?.compactMap(\.stringValue) == ["spring-2026"])
        #expect(adds?["subscribe"]?.arrayValue?.compactMap(\.intValue) == [3])
        // The same contacts as `run` writes them.
        let run = try #require(Pipeline.load(path: path, environment: [:]).pipeline)
        var observer = NoObserver()
        _ = try PipelineRunner(pipeline: run).run(observer: &observer)
        let batch = try String(contentsOfFile: dir.path + "/out/batch-00001.json", encoding: .utf8)
        #expect(batch.components(separatedBy: "\"spring-2026\"").count - 1 == 3)
        #expect(batch.components(separatedBy: "{\"listid\":3}").count - 1 == 2)
    }

    @Test func oneContactIsSaidInTheSingular() throws {
        var c = AuditCollector()
        c.observe(.fixture(email: "one@gmail.com", record: 1))
        let r = try AuditReport(pipeline: "one", run: Self.run(c), collector: c, warnings: [])
        #expect(r.terminalText.contains("1 batch, 1 contact\n") || r.terminalText.contains("1 batch, 1 contact ("), "\(r.terminalText)")
        #expect(!r.terminalText.contains("1 contacts"))
    }

    @Test func theHTMLIsSelfContained() throws {
        let html = try Self.report().html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        // The only URL is the SVG namespace, which is a name, not a fetch.
        #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http") == false)
        for id in ["summary", "funnel", "rejects", "duplicates", "exclusions", "fill-rates", "unmapped", "domains", "phones", "inputs", "batch-plan", "warnings"] {
            #expect(html.contains("<section id=\"\(id)\">"), "\(id)")
        }
        #expect(html.contains("&#39;x@@y.com&#39; has two"))
    }

    @Test func gatesFailWithTheirReason() throws {
        #expect(try Self.report(gates: AuditGates(maxRejectRate: 0.2)).gateFailures.isEmpty)
        let failed = try Self.report(gates: AuditGates(maxRejectRate: 0.05, maxDuplicateRate: 0.05, failOn: [.emailInvalid, .rowMalformed])).gateFailures
        #expect(failed.count == 3)
        #expect(failed[0].hasPrefix("reject rate 9.1% is over the limit 5.0%"))
        #expect(failed[1].hasPrefix("duplicate rate 9.1%"))
        #expect(failed[2] == "1 record rejected with 'email_invalid' (--fail-on email_invalid)")
    }

    /// A rate just over its limit is told apart from it: "5.0% is over the limit 5.0%" read as
    /// a bug.
    @Test func aRateJustOverItsLimitIsShownWithTheDecimalsThatTellThemApart() {
        let gates = AuditGates(maxRejectRate: 0.05, maxDuplicateRate: 0.1)
        #expect(gates.failures(recordsRead: 10_000, rejected: [.emailInvalid: 504]) == ["reject rate 5.04% is over the limit 5.00% (504 of 10000 records)"])
        #expect(gates.failures(recordsRead: 100_000, rejected: [.emailInvalid: 5_001]) == ["reject rate 5.001% is over the limit 5.000% (5001 of 100000 records)"])
        #expect(gates.failures(recordsRead: 1_000, rejected: [.duplicateMerged: 130]) == ["duplicate rate 13.0% is over the limit 10.0% (130 of 1000 records)"])
        #expect(percent(0.0512) == "5.1%" && percent(0.05, decimals: 3) == "5.000%" && percent(0.123456, decimals: 2) == "12.35%")
    }

    @Test func aRunsLedgersFailTheGatesAsItsReportDoes() throws {
        let run = Self.run(Self.collector())
        for gates in [AuditGates(maxRejectRate: 0.2), AuditGates(maxRejectRate: 0.05, maxDuplicateRate: 0.05, failOn: [.emailInvalid, .rowMalformed]),
                      AuditGates(maxDuplicateRate: 0.1), AuditGates(failOn: [.duplicateMerged])] {
            #expect(gates.failures(of: run) == (try Self.report(gates: gates)).gateFailures)
        }
        #expect(AuditGates(failOn: [.duplicateMerged]).failures(of: run) == ["1 record rejected with 'duplicate_merged' (--fail-on duplicate_merged)"])
        #expect(AuditGates(maxRejectRate: 0).failures(of: PipelineRun()).isEmpty, "a run with no ledgers has nothing to fail")
    }
}
