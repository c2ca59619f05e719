import Foundation
import ListwashCore
import ListwashTestSupport
import Testing

/// A stage command writes a record that comes out as it went in as the line it read, and
/// encodes every other record; either way the next stage reads the same record.
struct UnchangedLinePassThroughTests {
    /// Valid listwash records, written the way another tool might: spaces, a different key
    /// order, an escaped character, an unknown `_` key.
    static let survivor = #"{ "_src": {"line": 2, "file": "a.csv", "record": 1}, "email" : "ann@x.com", "first_name": "Ann", "_later": 1 }"#
    static let duplicate = #"{"email":"ANN@x.com","first_name":"B\u00f6","_src":{"file":"a.csv","record":2,"line":3}}"#
    static let handMade = #"{"email": "cy@x.com"}"#
    static let rejected = #"{"email":"dd@x.com", "_src":{"file":"a.csv","record":4,"line":5},"_reject":{"code":"email_invalid","stage":"normalize","reason":"r"}}"#

    static var input: Data { Data(([survivor, duplicate, handMade, rejected].joined(separator: "\n") + "\n").utf8) }

    @Test func dedupeWritesUnchangedRecordsAsTheirLinesAndEncodesTheRest() throws {
        let r = try Listwash.run(["dedupe", "--union=false"], stdin: Self.input)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0] == Self.survivor)  // passed on unchanged: the line as read
        #expect(lines[1].hasPrefix(#"{"email":"ANN@x.com""#) && lines[1].contains(#""code":"duplicate_merged""#))
        // No `_src` of its own: the record holds the reader's fallback, so it is written in full.
        #expect(lines[2] == #"{"email":"cy@x.com","_src":{"file":"-","record":3,"line":3}}"#)
        #expect(lines[3] == Self.rejected)
        #expect(lines[4] == "")
    }

    @Test func normalizeWritesRecordsItLeavesAloneAsTheirLines() throws {
        let clean = #"{ "email": "ann@x.com", "first_name": "Ann", "customer_acct_name": "Acme", "_src": {"file": "a.csv", "record": 1, "line": 2} }"#
        let padded = #"{"email":" Bob@X.com ","first_name":"Bob ","_src":{"file":"a.csv","record":2,"line":3}}"#
        let r = try Listwash.run(["normalize", "--email-syntax", "basic"], stdin: Data((clean + "\n" + padded + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == clean)
        let bob = try ContactRecord.decode(jsonLine: lines[1])
        #expect(bob.email == "bob@x.com" && bob.firstName == "Bob")
    }

    @Test func theNextStageReadsTheSameRecordsEitherWay() throws {
        let passed = try Listwash.run(["exclude", "--entry", "nobody@nothing.example"], stdin: Self.input)
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(passed.stdout.split(separator: "\n").first.map(String.init) == Self.survivor)
        let fromPassed = try records(passed.stdoutBytes)
        let fromInput = try records(Self.input)
        #expect(fromPassed.count == 4)
        // The hand-made line gained its fallback provenance; every other record is as read.
        #expect(fromPassed[0] == fromInput[0] && fromPassed[1] == fromInput[1] && fromPassed[3] == fromInput[3])
        #expect(fromPassed[2].email == "cy@x.com" && fromPassed[2].source.line == 3)
    }

    @Test func batchWritesRejectsFromUpstreamAsTheirLines() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/out"
        let r = try Listwash.run(["batch", "-o", out], stdin: Data((Self.rejected + "\n" + Self.survivor + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let rejects = try String(contentsOfFile: out + "/rejects.jsonl", encoding: .utf8)
        #expect(rejects == Self.rejected + "\n")
    }

    private func records(_ data: Data) throws -> [ContactRecord] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try ContactRecord.decode(jsonLine: String($0)) }
    }
}
