import Testing
import ListwashCore
@testable import ListwashPipeline

struct PipelineFileTests {
    @Test func keepsTheLineAndColumnOfEveryKeyAndValue() throws {
        let file = try PipelineFile.parse("""
        version: 1
        inputs:
          - path: data/a.csv
        dedupe: {merge: coalesce}
        """, path: "p.yaml")
        let dedupe = try #require(file.root.members?.first { $0.key == "dedupe" })
        #expect(dedupe.keyPosition == SourcePosition(file: "p.yaml", line: 4, column: 1))
        let merge = try #require(dedupe.node.members?.first)
        #expect(merge.keyPosition == SourcePosition(file: "p.yaml", line: 4, column: 10))
        #expect(merge.node.scalar == "coalesce")
        #expect(merge.node.position == SourcePosition(file: "p.yaml", line: 4, column: 17))
        let path = try #require(file.root["inputs"]?.list?.first?["path"])
        #expect(path.position == SourcePosition(file: "p.yaml", line: 3, column: 11))
    }

    @Test func aSyntaxErrorPointsAtItsLine() {
        #expect {
            _ = try PipelineFile.parse("version: 1\ninputs: [a\nbatch: {}\n", path: "p.yaml")
        } throws: { error in
            guard let list = error as? DiagnosticList, let d = list.diagnostics.first else { return false }
            return d.code == "yaml_syntax" && d.position?.file == "p.yaml" && (d.position?.line ?? 0) >= 2
        }
    }

    @Test func aKeyWrittenTwiceIsAnError() {
        #expect {
            _ = try PipelineFile.parse("version: 1\nname: a\nname: b\n", path: "p.yaml")
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.contains { $0.code == "duplicate_key" } ?? false
        }
    }

    @Test func anEmptyFileSaysWhatToWrite() {
        #expect {
            _ = try PipelineFile.parse("", path: "p.yaml")
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.first?.code == "file_empty"
        }
    }

    /// Nested aliases (the YAML "billion laughs") are refused before anything walks them:
    /// nine lines expanded to a billion values, and lint ran out of memory.
    @Test func aliasBombsAreRefusedAtOnce() throws {
        var yaml = "version: 1\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...9 { yaml += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        do {
            _ = try PipelineFile.parse(yaml, path: "bomb.yaml")
            Issue.record("an alias bomb was accepted")
        } catch {
            #expect(error.diagnostics.map(\.code) == ["yaml_too_large"])
            #expect(error.diagnostics.first?.position?.file == "bomb.yaml")
        }
        // A few aliases within the bound still parse.
        _ = try PipelineFile.parse("version: 1\nx0: &x0 [a, b]\nx1: [*x0, *x0]\n", path: "ok.yaml")
    }
}
