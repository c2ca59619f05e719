import Foundation
import Testing
import ListwashTestSupport

/// Stage commands fed JSON Lines with stray lines at the top (a note, a line of another
/// tool): each line ends in one place and the ledger balances; only input that holds no record
/// at all stops the command (DESIGN §3: a bad record becomes a reject).
struct StageInputShapeTests {
    @Test(arguments: ["normalize", "dedupe", "exclude"])
    func aStrayFirstLineIsARejectAndTheRecordsGoOn(stage: String) throws {
        let r = try Listwash.run([stage], stdin: Data(("garbage\n\n# note\n" + StageInputFixtures.record + "\n" + StageInputFixtures.second + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try StageInputFixtures.objects(r.stdout)
        #expect(out.count == 4)
        // In input order: the two stray lines, then the records.
        let rejects = out.prefix(2).compactMap { $0["_reject"] as? [String: Any] }
        #expect(rejects.map { $0["code"] as? String } == ["row_malformed", "row_malformed"])
        #expect(rejects.allSatisfy { ($0["reason"] as? String ?? "").contains("is not a listwash record") })
        #expect(out.prefix(2).map { ($0["_src"] as? [String: Any])?["line"] as? Int } == [1, 3])
        #expect(out.suffix(2).map { $0["email"] as? String } == ["a@example.com", "b@example.com"])
        #expect(r.stderr.contains("in 4 = out 2 + rejected 2 (row_malformed 2)"))
    }

    @Test func aStrayFirstLineBeforeTheRecordsOfABatchGoesToTheRejects() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/out"
        let r = try Listwash.run(["batch", "-o", out], stdin: Data(("not json\n" + StageInputFixtures.record + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("in 2 = out 1 + rejected 1 (row_malformed 1)"))
        let rejects = try String(contentsOfFile: out + "/rejects.jsonl", encoding: .utf8)
        #expect(rejects.contains("standard input line 1 is not a listwash record"))
    }

    @Test func anInputWithoutAnyRecordStillStops() throws {
        // A CSV file piped into a stage: no line is a record, within the first hundred or at all.
        let many = "Email,Name\n" + (1...150).map { "p\($0)@example.com,P\($0)\n" }.joined() + StageInputFixtures.record + "\n"
        for input in ["Email,Name\na@example.com,Ann\n", "Email,Name", many] {
            let r = try Listwash.run(["normalize"], stdin: Data(input.utf8))
            #expect(r.status == 1)
            #expect(r.stderr.contains("<stdin>:1:1: error: input is not listwash JSON Lines records"))
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func aBrokenObjectOnTheFirstLineIsAReject() throws {
        let r = try Listwash.run(["normalize"], stdin: Data(("{\"email\":[1],\"_src\":{\"file\":\"x.csv\",\"record\":1,\"line\":2}}\n" + StageInputFixtures.second + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try StageInputFixtures.objects(r.stdout)
        let first = try #require(out.first)
        #expect((first["_reject"] as? [String: Any])?["code"] as? String == "row_malformed")
        #expect(r.stderr.contains("in 2 = out 1 + rejected 1 (row_malformed 1)"))
    }
}
