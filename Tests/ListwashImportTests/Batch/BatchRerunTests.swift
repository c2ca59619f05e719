import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// A run into a directory an earlier run wrote: only the new run's files remain, written into
/// the earlier files' inodes (``SpareFiles``), and nothing hidden is left behind.
struct BatchRerunTests {
    static func records(_ n: Int, domain: String) -> [ContactRecord] {
        (0..<n).map { ContactRecord.fixture(email: "c\($0)@\(domain).com", file: "in.csv", record: $0 + 1, line: $0 + 2) }
    }

    static func write(_ records: [ContactRecord], to out: String) throws -> Ledger {
        var writer = try BatchWriter(settings: FlagParser.parse(["--out", out, "--max-contacts", "10"], spec: BatchWriter.spec),
                                     context: StageContext())
        for r in records { try writer.consume(r) }
        return try writer.finish()
    }

    static func inode(_ path: String) -> UInt64? {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : nil
    }

    @Test func aSecondRunLeavesOnlyItsOwnFilesWrittenIntoTheEarlierOnes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/out"
        var bad = ContactRecord.fixture(email: "x@y.com", file: "in.csv", record: 99, line: 100)
        bad = bad.rejected(Reject(code: .emailInvalid, stage: "normalize", reason: "r"))
        _ = try Self.write(Self.records(45, domain: "first") + [bad], to: out)
        let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(before.filter { $0.hasPrefix("batch-") && $0.hasSuffix(".json") }.count == 5)
        let oldInodes = Set(before.compactMap { Self.inode(out + "/" + $0) })
        // A spare a killed run left behind is taken over or removed too.
        _ = try dir.write("out/.listwash-spare-1-0", "left by a killed run")

        let ledger = try Self.write(Self.records(12, domain: "second"), to: out)
        #expect(ledger.isBalanced)
        let after = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(after == ["batch-00001.json", "batch-00001.src.jsonl", "batch-00002.json", "batch-00002.src.jsonl",
                          "manifest.json", "rejects.jsonl"])
        let rejects = try String(contentsOfFile: out + "/rejects.jsonl", encoding: .utf8)
        #expect(rejects.isEmpty)  // the first run's reject is not carried over
        let first = try String(contentsOfFile: out + "/batch-00001.json", encoding: .utf8)
        #expect(first.contains("c0@second.com") && !first.contains("first.com"))
        let second = try String(contentsOfFile: out + "/batch-00002.json", encoding: .utf8)
        #expect(second.contains("c11@second.com") && !second.contains("first.com") && !second.contains("left by"))
        // The request files reused the earlier run's inodes rather than allocating new ones.
        #expect(oldInodes.contains(Self.inode(out + "/batch-00001.json") ?? 0))
        #expect(oldInodes.contains(Self.inode(out + "/batch-00002.json") ?? 0))
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains(#""batches":2"#))

        // Written over longer earlier files and cut to length: byte for byte what a run into
        // a new folder writes.
        let fresh = dir.path + "/fresh"
        _ = try Self.write(Self.records(12, domain: "second"), to: fresh)
        for name in after where name != "manifest.json" {
            #expect(FileManager.default.contents(atPath: out + "/" + name) == FileManager.default.contents(atPath: fresh + "/" + name), "\(name)")
        }
    }
}

/// What a re-run must not take over: files whose contents or permissions are not only its own.
struct BatchRerunSafetyTests {
    @Test func aHardLinkedOrReadOnlyOrLinkedEarlierFileKeepsItsContents() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/out"
        _ = try BatchRerunTests.write(BatchRerunTests.records(35, domain: "first"), to: out)
        // A backup as hard links, a file made read-only, and one replaced by a symbolic link.
        try FileManager.default.createDirectory(atPath: dir.path + "/backup", withIntermediateDirectories: true)
        #expect(link(out + "/batch-00001.json", dir.path + "/backup/batch-00001.json") == 0)
        let backup = try String(contentsOfFile: dir.path + "/backup/batch-00001.json", encoding: .utf8)
        #expect(chmod(out + "/batch-00002.json", 0o444) == 0)
        let target = try dir.write("elsewhere.json", "not a batch")
        #expect(unlink(out + "/batch-00003.json") == 0)
        #expect(symlink(target, out + "/batch-00003.json") == 0)

        let ledger = try BatchRerunTests.write(BatchRerunTests.records(35, domain: "second"), to: out)
        #expect(ledger.isBalanced)
        #expect(try String(contentsOfFile: dir.path + "/backup/batch-00001.json", encoding: .utf8) == backup)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "not a batch")
        for n in 1...4 {
            let text = try String(contentsOfFile: out + "/batch-0000\(n).json", encoding: .utf8)
            #expect(text.contains("second.com") && !text.contains("first.com"), "batch \(n)")
            var st = stat()
            #expect(lstat(out + "/batch-0000\(n).json", &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && st.st_mode & 0o200 != 0)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }
}
