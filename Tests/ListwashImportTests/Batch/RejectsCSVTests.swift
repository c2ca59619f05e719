import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import PropertyBased
import Testing

/// Issue 10, CSV injection: `rejects.csv` is opened by people in spreadsheets, so a cell that
/// starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` (OWASP), and cells are
/// quoted per RFC 4180.
struct SpreadsheetCSVTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("jane@example.com", "jane@example.com"),
        ("a=b", "a=b"),
        ("", ""),
        ("'quoted'", "'quoted'"),
        (" =1", " =1"),
    ])
    func formulaStartsAreNeutralized(_ input: String, _ expected: String) {
        #expect(SpreadsheetCSV.neutralized(input) == expected)
    }

    @Test func cellsAreQuotedPerRFC4180() {
        #expect(SpreadsheetCSV.cell("plain") == "plain")
        #expect(SpreadsheetCSV.cell("a,b") == "\"a,b\"")
        #expect(SpreadsheetCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(SpreadsheetCSV.cell("two\nlines") == "\"two\nlines\"")
        #expect(SpreadsheetCSV.cell("=1,2") == "\"'=1,2\"")
        #expect(SpreadsheetCSV.cell("\r\n") == "\"'\r\n\"")
        var csv = SpreadsheetCSV()
        csv.row(["a", "=b", "c,d"])
        csv.row([])
        #expect(String(decoding: csv.bytes, as: UTF8.self) == "a,'=b,\"c,d\"\r\n\r\n")
    }

    /// Any text survives a write and an RFC 4180 read, and no read cell starts like a formula.
    /// NUL, ESC, DEL and C1 controls become U+FFFD; tab and line breaks stay (quoted).
    @Test func controlCharactersAreReplaced() {
        #expect(SpreadsheetCSV.cell("b\u{0}@example.org") == "b\u{FFFD}@example.org")
        #expect(SpreadsheetCSV.cell("\u{1B}]0;x\u{7}") == "\u{FFFD}]0;x\u{FFFD}")
        #expect(SpreadsheetCSV.cell("a\u{7F}b\u{85}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(SpreadsheetCSV.cell("a\tb") == "a\tb")
        #expect(SpreadsheetCSV.cell("\u{0}=1") == "\u{FFFD}=1")
    }

    @Test func everyCellReadsBackAndNeverStartsAFormula() async {
        let chars: [Character] = ["=", "+", "-", "@", "\t", "\r", "\n", ",", "\"", "'", "a", "Z", " ", "é", "1"]
        await propertyCheck(count: 300, input: Gen<Character?>.element(of: chars).map { $0 ?? "a" }.string(of: 0...8).array(of: 1...5)) { cells in
            var csv = SpreadsheetCSV()
            csv.row(cells)
            let back = Self.readRow(String(decoding: csv.bytes, as: UTF8.self))
            #expect(back.count == cells.count)
            for (read, original) in zip(back, cells) {
                #expect(read == original || read == "'" + original)
                if let f = read.unicodeScalars.first { #expect(!["=", "+", "-", "@", "\t", "\r"].contains(f)) }
            }
        }
    }

    /// A minimal RFC 4180 reader for one row ending in CRLF (the test's own, independent of the writer).
    static func readRow(_ text: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)
        #expect(chars.suffix(2) == ["\r", "\n"])
        chars.removeLast(2)
        var i = 0
        var atStart = true
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { cell.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
            } else if c == "\"" && atStart {
                quoted = true
            } else if c == "," {
                cells.append(cell); cell = ""; atStart = true; i += 1; continue
            } else {
                cell.unicodeScalars.append(c)
            }
            atStart = false
            i += 1
        }
        cells.append(cell)
        return cells
    }
}

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
