import Foundation
import ListwashTestSupport
import Testing
@testable import ListwashImport

/// One writer of a batch folder at a time, and none while it is sent (``BatchFolderLock``).
struct BatchFolderLockTests {
    static let records = (1...3).map { #"{"email":"c\#($0)@example.com","_src":{"file":"a.csv","record":\#($0),"line":\#($0 + 1)}}"# }
        .joined(separator: "\n") + "\n"

    static func batch(into dir: TemporaryDirectory) throws -> CommandResult {
        try Listwash.run(["batch", "-o", "out"], stdin: Data(records.utf8), directory: dir.path)
    }

    @Test(arguments: [BatchFolderLock.Mode.write, .send])
    func aBatchIntoAFolderAnotherProcessWritesOrSendsIsRefused(held: BatchFolderLock.Mode) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(try Self.batch(into: dir).status == 0)
        let before = try String(contentsOfFile: dir.path + "/out/manifest.json", encoding: .utf8)
        guard case .held(let lock) = BatchFolderLock.take(dir.path + "/out", mode: held) else { Issue.record("no lock"); return }
        let r = try Self.batch(into: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("another listwash is writing batches into this folder or sending them"), "\(r.stderr)")
        #expect(r.stderr.contains("[output_busy]") && r.stderr.contains("fix: wait for it to finish"), "\(r.stderr)")
        // Nothing of the folder was touched.
        #expect(try String(contentsOfFile: dir.path + "/out/manifest.json", encoding: .utf8) == before)
        lock.release()
        #expect(try Self.batch(into: dir).status == 0, "the lock is given up")
    }

    @Test func submitWaitsForNoWriterAndLeavesNoFileBehind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(try Self.batch(into: dir).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").sorted()
        #expect(names == ["batch-00001.json", "batch-00001.src.jsonl", "manifest.json", "rejects.jsonl"], "no lock file in the folder")
        guard case .held(let lock) = BatchFolderLock.take(dir.path + "/out", mode: .write) else { Issue.record("no lock"); return }
        defer { lock.release() }
        let r = try Listwash.run(["submit", "out", "--base-url", "http://127.0.0.1:9"], directory: dir.path, environment: ["AC_API_TOKEN": "t"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("another listwash is writing batches into 'out'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/ledger.sqlite"), "refused before the ledger was made")
    }

    @Test func sendersShareTheLockAndWritersDoNot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard case .held(let a) = BatchFolderLock.take(dir.path, mode: .send),
              case .held(let b) = BatchFolderLock.take(dir.path, mode: .send) else { Issue.record("two senders"); return }
        guard case .busy = BatchFolderLock.take(dir.path, mode: .write) else { Issue.record("a writer beside senders"); return }
        a.release()
        b.release()
        guard case .held(let w) = BatchFolderLock.take(dir.path, mode: .write) else { Issue.record("a writer alone"); return }
        guard case .busy = BatchFolderLock.take(dir.path, mode: .send) else { Issue.record("a sender beside a writer"); return }
        w.release()
        guard case .notLockable = BatchFolderLock.take(dir.path + "/missing", mode: .send) else { Issue.record("a missing folder"); return }
    }
}
