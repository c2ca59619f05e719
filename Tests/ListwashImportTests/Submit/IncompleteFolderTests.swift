import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// A batch folder that is not exactly what one finished `listwash batch` wrote is refused before
/// anything is sent: a batch run killed before its manifest, a request file deleted or left over.
@Suite(.serialized)
struct IncompleteFolderTests {
    private func folder() throws -> (TemporaryDirectory, String) {
        let tmp = try TemporaryDirectory()
        let dir = tmp.path + "/out"
        _ = try writeBatchFolder(dir, [emails("a", 12), emails("b", 12), emails("c", 12)])
        return (tmp, dir)
    }

    private func refusal(_ dir: String) throws -> String {
        do {
            _ = try BatchFolder.read(dir)
        } catch {
            return "\(error)"
        }
        Issue.record("the folder was accepted")
        return ""
    }

    @Test func aFolderWithoutItsManifestIsABatchRunThatDidNotFinish() throws {
        let (tmp, dir) = try folder()
        defer { tmp.remove() }
        try FileManager.default.removeItem(atPath: dir + "/manifest.json")
        let message = try refusal(dir)
        #expect(message.contains("manifest.json"))
        #expect(message.contains("did not finish"))
        #expect(message.contains("listwash batch -o"))
    }

    /// A request file edited by hand after `batch` is refused with the code on its first line
    /// and a fix after it; the message said what changed but not what to do.
    @Test func aRequestFileEditedByHandIsRefusedWithAFix() throws {
        let (tmp, dir) = try folder()
        defer { tmp.remove() }
        let path = dir + "/batch-00002.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "@", with: "@x").write(toFile: path, atomically: false, encoding: .utf8)
        let lines = try refusal(dir).split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("batch-00002.json' sha256 differs from manifest.json") == true)
        #expect(lines.first?.hasSuffix("[batch_folder_invalid]") == true)
        #expect(lines.last?.hasPrefix("  fix: change the input or the settings, not a request file, and make the batches again") == true)
    }

    /// A source map edited after `batch` would tie the API's answers to the wrong records: the
    /// manifest hashes each map, and a changed or removed one is refused. Edits went unnoticed.
    @Test func aSourceMapEditedOrRemovedIsRefused() throws {
        let run = try BatchRun((1...12).map { ContactRecord.fixture(email: "u\($0)@example.com", record: $0) })
        defer { run.remove() }
        #expect(try BatchFolder.read(run.out).count == 1)
        let map = run.out + "/batch-00001.src.jsonl"
        let text = try String(contentsOfFile: map, encoding: .utf8)
        try text.replacingOccurrences(of: "\"record\":3,", with: "\"record\":4,").write(toFile: map, atomically: false, encoding: .utf8)
        let changed = try refusal(run.out)
        #expect(changed.contains("batch-00001.src.jsonl' sha256 differs from manifest.json"), "\(changed)")
        #expect(changed.contains("fix: make the batches again"), "\(changed)")
        try FileManager.default.removeItem(atPath: map)
        #expect(try refusal(run.out).contains("batch-00001.src.jsonl' is listed in manifest.json but missing"))
    }

    @Test func aRequestFileListedButMissingIsRefused() throws {
        let (tmp, dir) = try folder()
        defer { tmp.remove() }
        try FileManager.default.removeItem(atPath: dir + "/batch-00003.json")
        #expect(try refusal(dir).contains("batch-00003.json' is listed in manifest.json but missing"))
    }

    @Test func aRequestFileTheManifestDoesNotListIsRefused() throws {
        let (tmp, dir) = try folder()
        defer { tmp.remove() }
        try FileManager.default.copyItem(atPath: dir + "/batch-00001.json", toPath: dir + "/batch-00009.json")
        #expect(try refusal(dir).contains("batch-00009.json' is not listed in manifest.json"))
    }

    @Test func theCompleteFolderIsRead() throws {
        let (tmp, dir) = try folder()
        defer { tmp.remove() }
        #expect(try BatchFolder.read(dir).map(\.contacts.count) == [12, 12, 12])
    }

    @Test func submitSendsNothingFromAnIncompleteFolder() async throws {
        let (tmp, dir) = try folder()
        defer { tmp.remove() }
        try FileManager.default.removeItem(atPath: dir + "/manifest.json")
        let r = try await runListwash(["submit", dir, "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": testToken])
        #expect(r.status != 0)
        #expect(r.stderr.contains("manifest.json"), "\(r.stderr)")
        #expect(!r.stderr.contains("completed"))
    }
}
