import Foundation
import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashPipeline

/// Values from an untrusted export in the audit's examples (names, reasons, file names): the page
/// and the terminal show them as text, whatever characters they hold, and every format counts
/// the same records.
struct AuditHostileValueTests {
    static let combining = "\u{0301}"
    static let hostile = [
        "<" + combining + "script>alert(1)</script>",
        "\"" + combining + " onmouseover=alert(1) x=\"",
        "nul\u{0}esc\u{1B}[31mred\u{1B}[0m",
        "bad \u{202E}gnp.exe",
        "line one\nread 9 · importable 9 · rejected 0 (0.0% rejects, 0.0% duplicates)",
        String(repeating: "A", count: 20_000),
    ]

    static let codes: [RejectCode] = [.emailInvalid, .emailMissing, .emailTooLong, .rowMalformed, .recordEmpty, .encodingInvalid]

    static func report() throws -> AuditReport {
        var c = AuditCollector()
        c.observe(.fixture(email: "ok@example.com", record: 1))
        for (i, text) in hostile.enumerated() {
            var r = ContactRecord.fixture(email: "x\(i)" + text + "@example.com", record: i + 2)
            r.source = Provenance(file: text, record: i + 2, line: i + 3)
            // One code each: three examples are kept per code.
            c.observe(r.rejected(Reject(code: codes[i], stage: "normalize", reason: text)))
        }
        var run = PipelineRun()
        run.ledgers = c.pipeLedgers()
        return try AuditReport(pipeline: "hostile", run: run, collector: c, warnings: [])
    }

    @Test func theHTMLEscapesEveryScalarThatCouldMakeMarkup() throws {
        let html = try Self.report().html
        // A '<' or '"' followed by a combining mark is one Character: it must still be escaped.
        #expect(!html.contains("<" + Self.combining))
        #expect(!html.contains("\"" + Self.combining))
        #expect(html.contains("&lt;" + Self.combining + "script&gt;"))
        #expect(html.contains("&quot;" + Self.combining + " onmouseover"))
        // Every '<' opens one of the page's own tags.
        for part in html.components(separatedBy: "<").dropFirst() {
            #expect(part.first.map { $0.isASCII && ($0.isLetter || $0 == "/" || $0 == "!") } == true, "\(part.prefix(40))")
        }
    }

    @Test func theHTMLShowsControlAndBidiCharactersAsEscapes() throws {
        let html = try Self.report().html
        for scalar in ["\u{0}", "\u{1B}", "\u{202E}"] { #expect(!html.contains(scalar), "\(scalar.unicodeScalars.first!.value)") }
        #expect(html.contains("nul\\u{0}esc\\u{1B}[31mred"))
        #expect(html.contains("bad \\u{202E}gnp.exe"))
    }

    @Test func theHTMLCutsVeryLongExamplesAndWrapsTheRest() throws {
        let r = try Self.report()
        #expect(!r.html.contains(String(repeating: "A", count: 1_000)))
        #expect(r.html.contains(String(repeating: "A", count: 200)))
        #expect(r.html.contains("overflow-wrap:anywhere"))
        // The JSON keeps the examples whole.
        #expect(r.json.contains(String(repeating: "A", count: 20_000)))
    }

    @Test func aLineFeedInAValueStartsNoLineOfTheTerminalSummary() throws {
        // As `listwash audit` prints it.
        let text = TerminalSafe.visible(try Self.report().terminalText)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("read ") }.count == 1)
        #expect(text.contains("line one\\u{A}read 9"))
        for line in lines { #expect(!line.unicodeScalars.contains { TerminalSafe.isActedOn($0) }) }
    }

    @Test func theThreeFormatsCountTheSameRecords() throws {
        let r = try Self.report()
        let json = try JSONValue.parse(r.json)
        #expect(json["summary"]?["read"]?.intValue == 7)
        #expect(json["summary"]?["importable"]?.intValue == 1)
        #expect(json["summary"]?["rejected"]?.intValue == 6)
        #expect(r.terminalText.contains("read 7 · importable 1 · rejected 6"))
        #expect(r.html.contains("read 7 = importable 1 + rejected 6 ✓"))
    }
}
