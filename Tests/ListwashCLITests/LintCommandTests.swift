import Foundation
import Testing
import ListwashTestSupport

struct LintCommandTests {
    @Test func aCleanFileExitsZero() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.jsonl", "")
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: in.jsonl\nbatch: {out: out}\n")
        let r = try Listwash.run(["lint", "p.yaml"], directory: dir.path)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "lint: p.yaml: no errors\n")
    }

    @Test func everyProblemIsReportedSortedWithAFix() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("p.yaml", "inputs:\n  - path: nope.csv\n    formatt: csv\nnormalise: {}\n")
        let r = try Listwash.run(["lint", "p.yaml"], directory: dir.path)
        #expect(r.status == 64)
        let heads = r.stdout.split(separator: "\n").filter { !$0.hasPrefix("  ") }
        #expect(heads == [
            "p.yaml:1:1: error: the pipeline file has no 'version' [version_missing]",
            "p.yaml:1:1: error: the batch stage needs an output directory [missing_setting]",
            "p.yaml:2:11: error: input file 'nope.csv' does not exist [input_missing]",
            "p.yaml:3:5: error: unknown key 'formatt' in stage 'parse' [unknown_key]",
            "p.yaml:4:1: error: unknown key 'normalise' in the pipeline file [unknown_key]",
        ])
        #expect(r.stdout.contains("  fix: did you mean 'format'?"))
        #expect(r.stdout.contains("  fix: did you mean 'normalize'?"))
        #expect(r.stderr == "lint: p.yaml: 5 errors, 0 warnings\n")
    }

    @Test func aFolderGivenAsAnInputIsCalledAFolder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/exports", withIntermediateDirectories: true)
        _ = try dir.write("p.yaml", "version: 1\nname: t\ninputs:\n  - path: exports\nbatch:\n  out: out\n")
        let r = try Listwash.run(["lint", "p.yaml"], directory: dir.path)
        #expect(r.status == 64)
        #expect(r.stdout.contains("p.yaml:4:11: error: input 'exports' is a folder, not a file [input_missing]"), "\(r.stdout)")
    }
}
