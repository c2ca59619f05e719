import Foundation
import Testing
import ListwashTestSupport

/// Stage commands fed JSON Lines saved by an editor that starts the file with a UTF-8 byte
/// order mark (Notepad, Excel): the mark is not part of the first record.
struct ByteOrderMarkInputTests {
    static let record = #"{"email":"a@example.com","first_name":"Jane","_src":{"file":"x.csv","record":1,"line":2}}"#
    static let second = #"{"email":"b@example.com","_src":{"file":"x.csv","record":2,"line":3}}"#

    /// The JSON objects a command wrote.
    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test(arguments: ["normalize", "dedupe", "exclude"])
    func aByteOrderMarkIsNotPartOfTheFirstRecord(stage: String) throws {
        let r = try Listwash.run([stage], stdin: Data([0xEF, 0xBB, 0xBF]) + Data((Self.record + "\r\n" + Self.second + "\r\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Self.objects(r.stdout)
        #expect(out.map { $0["email"] as? String } == ["a@example.com", "b@example.com"])
        #expect(out.allSatisfy { $0["_reject"] == nil })
        #expect(r.stderr.contains("in 2 = out 2 + rejected 0"))
    }
}
