import Crypto
import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// What lands on disk besides the requests: manifest.json, rejects.jsonl, and how files appear.
struct BatchOutputTests {
    @Test func theManifestListsEveryFileWithCountsBytesAndSha256() throws {
        var records = contacts(300)
        records.append(ContactRecord.fixture(email: nil, record: 301))
        let run = try BatchRun(records, ["--tag", "spring", "--subscribe", "3"])
        defer { run.remove() }
        let m = try run.json("manifest.json")
        #expect(m["manifest_version"] as? Int == 1)
        let totals = try #require(m["totals"] as? [String: Any])
        #expect(totals["records"] as? Int == 301)
        #expect(totals["contacts"] as? Int == 300)
        #expect(totals["batches"] as? Int == 2)
        #expect(totals["rejected"] as? Int == 1)
        #expect(m["rejected_by_code"] as? [String: Int] == ["email_missing": 1])
        let settings = try #require(m["settings"] as? [String: Any])
        #expect(settings["tags"] as? [String] == ["spring"])
        #expect(settings["subscribe"] as? [Int] == [3])
        #expect(settings["max_contacts"] as? Int == 250)
        #expect(settings["max_bytes"] as? Int == 399_999)
        let files = try #require(m["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["batch-00001.json", "batch-00002.json"])
        #expect(files.map { $0["contacts"] as? Int } == [250, 50])
        for f in files {
            let name = try #require(f["file"] as? String)
            let bytes = try run.bytes(name)
            #expect(f["bytes"] as? Int == bytes.count)
            #expect(f["sha256"] as? String == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        }
        #expect((files[0]["first"] as? [String: Any])?["record"] as? Int == 1)
        #expect((files[1]["last"] as? [String: Any])?["record"] as? Int == 300)
        let rejects = try #require(m["rejects"] as? [String: Any])
        #expect(rejects["records"] as? Int == 1)
        #expect(rejects["sha256"] as? String == SHA256.hash(data: try run.bytes("rejects.jsonl")).map { String(format: "%02x", $0) }.joined())
        #expect(run.plan.contacts == 300)
        #expect(run.plan.bytes == files.reduce(0) { $0 + ($1["bytes"] as? Int ?? 0) })
    }

    @Test func rejectsHoldTheRecordLineWithProvenanceAndReason() throws {
        let run = try BatchRun([ContactRecord.fixture(email: "x@@example.com", firstName: "Ann", record: 4)])
        defer { run.remove() }
        let line = try run.text("rejects.jsonl")
        #expect(line.hasSuffix("\n"))
        #expect(line.contains(#""_src":{"file":"t.csv","record":4,"line":5}"#))
        #expect(line.contains(#""_reject":{"code":"email_invalid","stage":"batch","reason":"'x@@example.com' is not an address"#))
        #expect(line.contains(#""fix":"run 'listwash normalize' before 'listwash batch'""#))
        #expect(run.batchNames.isEmpty)
        #expect(run.fileNames == ["manifest.json", "rejects.jsonl"])
    }

    @Test func anEarlierRunsFilesAreReplacedAndNoTemporaryFileRemains() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/out"
        for name in ["batch-00001.json", "batch-00007.json", "batch-00007.src.jsonl", "manifest.json", "rejects.jsonl",
                     ".batch-00002.json.tmp-1", "batch-1.json", "notes.txt"] {
            _ = try dir.write("out/" + name, "old")
        }
        var writer = try BatchWriter(settings: FlagParser.parse(["--out", out], spec: BatchWriter.spec), context: StageContext())
        for r in contacts(2) { try writer.consume(r) }
        _ = try writer.finish()
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["batch-00001.json", "batch-00001.src.jsonl", "batch-1.json", "manifest.json", "notes.txt", "rejects.jsonl"])
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "old")
    }

    @Test func midRunEveryVisibleBatchIsCompleteAndNoManifestDescribesOldFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/out"
        _ = try dir.write("out/manifest.json", "{\"old\":true}")
        var writer = try BatchWriter(settings: FlagParser.parse(["--out", out], spec: BatchWriter.spec), context: StageContext())
        for r in contacts(1_000) { try writer.consume(r) }
        // Two batches are held back; the ones before them are on disk, whole.
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names.filter { $0.hasPrefix("batch-") } == ["batch-00001.json", "batch-00001.src.jsonl", "batch-00002.json", "batch-00002.src.jsonl"])
        #expect(!names.contains("manifest.json"))
        #expect(!names.contains("rejects.jsonl"))
        for name in names where name.hasSuffix(".json") && name.hasPrefix("batch-") {
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/" + name))) as? [String: Any]
            #expect((doc?["contacts"] as? [Any])?.count == 250)
        }
        _ = try writer.finish()
        let after = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(after == (1...4).flatMap { ["batch-0000\($0).json", "batch-0000\($0).src.jsonl"] } + ["manifest.json", "rejects.jsonl"])
    }

    @Test func eachRequestHasASourceMapWithOneLinePerContactInOrder() throws {
        let records = contacts(260).map { r -> ContactRecord in
            var r = r
            r.source = Provenance(file: "dir/crm \"x\".csv", record: r.source.record, line: r.source.line * 2)
            return r
        }
        let run = try BatchRun(records)
        defer { run.remove() }
        #expect(run.fileNames == ["batch-00001.json", "batch-00001.src.jsonl", "batch-00002.json", "batch-00002.src.jsonl", "manifest.json", "rejects.jsonl"])
        let lines = try run.text("batch-00002.src.jsonl").split(separator: "\n")
        #expect(lines.count == 11)
        #expect(lines[0] == #"{"_src":{"file":"dir/crm \"x\".csv","record":250,"line":502}}"#)
        let files = try #require(try run.json("manifest.json")["files"] as? [[String: Any]])
        #expect(files.map { $0["source_map"] as? String } == ["batch-00001.src.jsonl", "batch-00002.src.jsonl"])

        let without = try BatchRun(records, ["--source-map=false"])
        defer { without.remove() }
        #expect(without.fileNames == ["batch-00001.json", "batch-00002.json", "manifest.json", "rejects.jsonl"])
    }

    @Test func planOnlyWritesNothingAndStillPlans() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var writer = try BatchWriter(settings: FlagParser.parse(["--plan-only"], spec: BatchWriter.spec), context: StageContext())
        for r in contacts(600) { try writer.consume(r) }
        let ledger = try writer.finish()
        let plan = try #require(writer.plan)
        #expect(ledger.output == 600)
        #expect(plan.batches.map(\.contacts) == [250, 250, 100])
        #expect(plan.directory == nil)
        #expect(plan.batches.allSatisfy { $0.sha256.count == 64 })
        #expect(plan.minimumSubmitSeconds == 1.8)
    }

    @Test func theSameInputGivesTheSameFiles() throws {
        let a = try BatchRun(contacts(600))
        defer { a.remove() }
        let b = try BatchRun(contacts(600))
        defer { b.remove() }
        #expect(a.plan.batches.map(\.sha256) == b.plan.batches.map(\.sha256))
        #expect(try a.text("manifest.json").replacingOccurrences(of: a.out, with: "") == b.text("manifest.json").replacingOccurrences(of: b.out, with: ""))
    }

    @Test func anOutputDirectoryThatCannotBeMadeIsAnError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blocker = try dir.write("file", "not a directory")
        var writer = try BatchWriter(settings: FlagParser.parse(["--out", blocker + "/out"], spec: BatchWriter.spec), context: StageContext())
        try writer.consume(contacts(1)[0])
        #expect(throws: BatchWriteError.self) { _ = try writer.finish() }
    }
}
