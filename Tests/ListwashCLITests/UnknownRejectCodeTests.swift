import Foundation
import Testing
import ListwashTestSupport

/// Records whose `_reject` has a code no listwash stage makes (edited by hand, another tool):
/// still rejected, under `row_malformed` with the code they had in the reason, so every
/// ledger, `batch`'s manifest and the audit gates count them under a code `listwash codes` lists.
struct UnknownRejectCodeTests {
    static let record = #"{"email":"a@example.com","first_name":"Jane","_src":{"file":"x.csv","record":1,"line":2}}"#

    /// The JSON objects a command wrote.
    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test(arguments: ["normalize", "dedupe", "exclude"])
    func aRejectCodeListwashDoesNotKnowBecomesRowMalformed(stage: String) throws {
        let unknown = #"{"email":"c@example.com","_src":{"file":"x.csv","record":3,"line":4},"_reject":{"code":"bogus_code","stage":"crm","reason":"flagged by hand"}}"#
        let r = try Listwash.run([stage], stdin: Data((Self.record + "\n" + unknown + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Self.objects(r.stdout)
        let rejected = try #require(out.first { $0["_reject"] != nil })
        let rej = try #require(rejected["_reject"] as? [String: Any])
        #expect(rej["code"] as? String == "row_malformed")
        #expect((rej["reason"] as? String ?? "").contains("'bogus_code' is not a listwash reject code"))
        #expect((rej["reason"] as? String ?? "").contains("flagged by hand"))
        #expect((rej["fix"] as? String ?? "").contains("listwash codes"))
        #expect(rejected["email"] as? String == "c@example.com")
        #expect(r.stderr.contains("in 2 = out 1 + rejected 1 (row_malformed 1)"))
        #expect(!r.stderr.contains("bogus_code"))
    }

    @Test func anAuditOfRecordsWithAnUnknownRejectCodeCountsThemAsRowMalformed() throws {
        let unknown = #"{"email":"c@example.com","_src":{"file":"x.csv","record":3,"line":4},"_reject":{"code":"bogus_code","stage":"normalize","reason":"r"}}"#
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let json = dir.path + "/a.json"
        let r = try Listwash.run(["audit", "--json", json], stdin: Data((Self.record + "\n" + unknown + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let codes = (report["rejects"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes == ["row_malformed"])
    }
}
