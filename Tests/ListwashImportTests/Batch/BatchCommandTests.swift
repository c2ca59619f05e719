import Foundation
import ListwashCore
import ListwashTestSupport
import Testing

/// `listwash batch` as a user runs it: the real binary, JSON Lines on stdin.
struct BatchCommandTests {
    /// Set `LISTWASH_UPDATE_FIXTURES=1` to rewrite the pinned help text, then review `git diff`.
    @Test func theHelpTextIsPinned() throws {
        let r = try Listwash.run(["batch", "--help"], environment: ["COLUMNS": "80"])
        #expect(r.status == 0)
        let path = PackagePaths.fixture("ListwashImportTests", "batch/help.txt")
        if ProcessInfo.processInfo.environment["LISTWASH_UPDATE_FIXTURES"] == "1" {
            try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(r.stdout == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func recordsInBatchFilesManifestAndLedgerOut() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var lines = (1...260).map { #"{"email":"c\#($0)@example.com","first_name":"N\#($0)","_src":{"file":"a.csv","record":\#($0),"line":\#($0 + 1)}}"# }
        lines.append(#"{"email":"x@example.com","_src":{"file":"a.csv","record":261,"line":262},"_reject":{"code":"excluded_exact","stage":"exclude","reason":"listed"}}"#)
        lines.append("not json")
        let r = try Listwash.run(["batch", "-o", "out", "--tag", "spring", "--stats", "stats.json"],
                                 stdin: Data((lines.joined(separator: "\n") + "\n").utf8), directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("batch: in 262 = out 260 + rejected 2 (excluded_exact 1, row_malformed 1); batches: 2;"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").sorted()
        #expect(names == ["batch-00001.json", "batch-00001.src.jsonl", "batch-00002.json", "batch-00002.src.jsonl", "manifest.json", "rejects.jsonl"])
        let second = try String(contentsOfFile: dir.path + "/out/batch-00002.json", encoding: .utf8)
        #expect(second.hasPrefix(#"{"contacts":[{"email":"c250@example.com","first_name":"N250","tags":["spring"]}"#))
        let stats = try String(contentsOfFile: dir.path + "/stats.json", encoding: .utf8)
        #expect(stats.contains(#""in":262,"out":260"#))
        let rejects = try String(contentsOfFile: dir.path + "/out/rejects.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(rejects.count == 2)
        #expect(rejects[1].contains(#""code":"row_malformed""#))
    }

    @Test func badFlagsExit64WithTheProblemAndAFix() throws {
        let r = try Listwash.run(["batch", "-o", "out", "--max-contacts", "300", "--tags", "x"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown option '--tags' for 'batch'"))
        #expect(r.stderr.contains("did you mean '--tag'?"))
        #expect(r.stderr.contains("'listwash batch --help' lists the settings"))
    }

    @Test func anUnwritableOutputIsARuntimeFailure() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("blocker", "x")
        let r = try Listwash.run(["batch", "-o", "blocker/out"], stdin: Data(#"{"email":"a@example.com"}"#.utf8), directory: dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("listwash batch: error: '"))
        #expect(r.stderr.contains("[output_failed]"))
    }
}
