import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

struct RejectsCSVFileTests {
    @Test func rejectsCSVHoldsEveryRejectWithProvenanceAndNeutralizedValues() throws {
        var bad = ContactRecord.fixture(email: "=cmd|' /C calc'!A0", firstName: "@SUM(1+1)", lastName: "-Doe", phone: "+1 555", record: 2)
        bad = bad.rejected(Reject(code: .emailInvalid, stage: "normalize", reason: "'=cmd' has no '@'", fix: "fix it, then re-run"))
        var dup = ContactRecord.fixture(email: "a@example.com", firstName: "Ann, \"Jr\"", record: 3)
        dup = dup.rejected(Reject(code: .duplicateMerged, stage: "dedupe", reason: "same email as t.csv:2", into: Provenance(file: "t.csv", record: 1, line: 2)))
        let live = (10..<22).map { ContactRecord.fixture(email: "u\($0)@example.com", record: $0) }
        let run = try BatchRun([bad, dup] + live, ["--rejects-csv"])
        defer { run.remove() }
        #expect(run.fileNames.contains("rejects.csv"))
        #expect(!run.fileNames.contains { $0.contains(".tmp-") })
        let text = try run.text("rejects.csv")
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows[0] == "file,record,line,code,stage,reason,fix,merged_into,email,first_name,last_name,phone,customer_acct_name,tags,fields,extra")
        #expect(rows[1] == "t.csv,2,3,email_invalid,normalize,'=cmd' has no '@',\"fix it, then re-run\",,'=cmd|' /C calc'!A0,'@SUM(1+1),'-Doe,'+1 555,,,,")
        #expect(rows[2] == "t.csv,3,4,duplicate_merged,dedupe,same email as t.csv:2,,t.csv:2,a@example.com,\"Ann, \"\"Jr\"\"\",,,,,,")
        #expect(rows.count == 4 && rows[3].isEmpty)
    }

    @Test func noRejectsCSVUnlessAskedFor() throws {
        let bad = ContactRecord.fixture(record: 1)
        let run = try BatchRun([bad] + (2..<14).map { ContactRecord.fixture(email: "u\($0)@example.com", record: $0) })
        defer { run.remove() }
        #expect(run.fileNames.contains("rejects.jsonl"))
        #expect(!run.fileNames.contains("rejects.csv"))
    }

    @Test func theSettingComesFromTheBatchSpec() throws {
        let s = try #require(BatchWriter.spec.setting(flag: "rejects-csv"))
        #expect(s.path == "rejects_csv")
        #expect(s.defaultText == "false")
        let settings = try BatchSettings(settings: FlagParser.parse(["--out", "o", "--rejects-csv"], spec: BatchWriter.spec), environment: [:])
        #expect(settings.rejectsCSV)
    }
}
