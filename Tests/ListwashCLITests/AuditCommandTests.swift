import Foundation
import Testing
import ListwashTestSupport

struct AuditCommandTests {
    static let records = """
    {"email":"a@gmail.com","_src":{"file":"x.csv","record":1,"line":2}}
    {"email":"b@gmail.com","_src":{"file":"x.csv","record":2,"line":3}}
    {"_src":{"file":"x.csv","record":3,"line":4},"_reject":{"code":"email_missing","stage":"normalize","reason":"no email"}}

    """

    @Test func passingGatesExitZero() throws {
        let r = try Listwash.run(["audit", "--max-reject-rate", "0.5", "--fail-on", "row_malformed"], stdin: Data(Self.records.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("whole run: read 3 = importable 2 + rejected 1"))
    }

    @Test(arguments: [["--max-reject-rate", "0.1"], ["--fail-on", "email_missing"], ["--max-duplicate-rate", "0", "--fail-on", "email_missing"]])
    func aFailingGateExitsTwoWithTheReason(flags: [String]) throws {
        let r = try Listwash.run(["audit"] + flags, stdin: Data(Self.records.utf8))
        #expect(r.status == 2)
        #expect(r.stderr.contains("listwash audit: gate failed: "))
    }

    /// Records that skipped `normalize` are held to what `batch` checks: a missing or
    /// malformed email is not importable (it was counted so, and the gates passed).
    @Test func recordsBatchWouldRefuseAreNotImportable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("s.csv", "email,first_name\nnot-an-email,A\n,B\nx@y,C\nok@example.com,D\n")
        let r = try Listwash.shell("listwash parse s.csv | listwash audit --fail-on email_missing", directory: dir.path)
        #expect(r.status == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("whole run: read 4 = importable 1 + rejected 3"), "\(r.stdout)")
        #expect(r.stdout.contains("email_invalid"))
        let batched = try Listwash.shell("listwash parse s.csv | listwash batch -o out", directory: dir.path)
        #expect(batched.stderr.contains("in 4 = out 1 + rejected 3"), "\(batched.stderr)")
    }

    @Test func anEmptyInputSaysNothingWasReadNotThatEverythingWasRejected() throws {
        let r = try Listwash.run(["audit"], stdin: Data())
        #expect(r.stdout.contains("no records were read"))
        #expect(!r.stdout.contains("every record was rejected"))
        let some = try Listwash.run(["audit"], stdin: Data(Self.records.split(separator: "\n").last!.utf8 + [0x0A]))
        #expect(some.stdout.contains("every record was rejected"), "\(some.stdout)")
    }

    @Test func anUnknownCodeForFailOnIsAUsageError() throws {
        let r = try Listwash.run(["audit", "--fail-on", "email_mising"], stdin: Data(Self.records.utf8))
        #expect(r.status == 64)
        #expect(r.stderr.contains("did you mean 'email_missing'?"))
    }

    @Test func writesJSONAndHTMLReports() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try Listwash.run(["audit", "--json", dir.path + "/a.json", "--html", dir.path + "/a.html"], stdin: Data(Self.records.utf8))
        #expect(r.status == 0)
        let json = try String(contentsOfFile: dir.path + "/a.json", encoding: .utf8)
        #expect(json.contains("\"schema\": \"listwash-audit/1\""))
        let html = try String(contentsOfFile: dir.path + "/a.html", encoding: .utf8)
        #expect(html.contains("<section id=\"funnel\">"))
    }
}
