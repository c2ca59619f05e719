import Foundation
import ListwashTestSupport
import Testing
@testable import ListwashImport

/// A file of the batch directory is never written through a symbolic link planted at its
/// temporary name: the write fails and the link's target keeps its contents.
struct TemporaryFileLinkTests {
    @Test func aLinkAtTheTemporaryNameIsNotFollowed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let victim = try dir.write("victim.txt", "keep me")
        _ = try dir.write("out/placeholder", "")
        let directory = BatchDirectory(path: dir.path + "/out", fsync: false)
        let temporary = dir.path + "/out/.batch-00001.json.tmp-\(getpid())"
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: victim)
        #expect(throws: BatchWriteError.self) { try directory.write("batch-00001.json", [Array("{}".utf8)]) }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/batch-00001.json"))
    }
}
