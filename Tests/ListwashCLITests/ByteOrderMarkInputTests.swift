import Foundation
import Testing
import ListwashTestSupport

/// Stage commands fed JSON Lines saved by an editor that starts the file with a UTF-8 byte
/// order mark (Notepad, Excel): the mark is not part of the first record.
struct ByteOrderMarkInputTests {
    @Test(arguments: ["normalize", "dedupe", "exclude"])
    func aByteOrderMarkIsNotPartOfTheFirstRecord(stage: String) throws {
        let r = try Listwash.run([stage], stdin: Data([0xEF, 0xBB, 0xBF]) + Data((StageInputFixtures.record + "\r\n" + StageInputFixtures.second + "\r\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try StageInputFixtures.objects(r.stdout)
        #expect(out.map { $0["email"] as? String } == ["a@example.com", "b@example.com"])
        #expect(out.allSatisfy { $0["_reject"] == nil })
        #expect(r.stderr.contains("in 2 = out 2 + rejected 0"))
    }

    /// Files each saved with a mark, joined with `cat`: every file's first record is read (the
    /// second file's was a `row_malformed` reject).
    @Test(arguments: ["normalize", "dedupe", "exclude", "batch"])
    func filesJoinedWithTheirMarksKeepEveryRecord(stage: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bom = Data([0xEF, 0xBB, 0xBF])
        let joined = bom + Data((StageInputFixtures.record + "\n").utf8) + bom + Data((StageInputFixtures.second + "\n").utf8)
        let r = try Listwash.run(stage == "batch" ? ["batch", "-o", "out"] : [stage], stdin: joined, directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("in 2 = out 2 + rejected 0"), "\(r.stderr)")
    }
}
