import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashParsers

struct CSVSourceTests {
    // MARK: - The bench workload

    static let bench = "Email,First Name,Last Name,Phone,Company,Tags\n a@x.com ,Ann,,0044 20,\"Acme, Inc.\",\"vip;;news,letter;\"\n"

    @Test func benchHeaderUsesGenericAndKeepsValuesAsWritten() throws {
        let (records, facts) = try parseCSV(Self.bench, settings: parseSettings(["--tag-separator", ";"]))
        #expect(facts[key: "mapping"] == "generic (auto)")
        #expect(facts[key: "unmapped"] == "none")
        let r = try #require(records.first)
        #expect(r.email == " a@x.com ")
        #expect(r.firstName == "Ann")
        #expect(r.lastName == nil)
        #expect(r.phone == "0044 20")
        #expect(r.customerAcctName == "Acme, Inc.")
        #expect(r.tags == ["vip", "news,letter"])
        #expect(r.source == Provenance(file: r.source.file, record: 1, line: 2))
    }

    @Test func tagsSplitOnSemicolonAndCommaByDefault() throws {
        let (records, _) = try parseCSV(Self.bench)
        #expect(records.first?.tags == ["vip", "news", "letter"])
    }

    @Test func factsNameEncodingDelimiterLineEndingsAndMapping() throws {
        let (_, facts) = try parseCSV("Email\tName\tNotes\r\na@x.com\tA\tn\r\n")
        #expect(facts == [KeyValue("encoding", "utf-8"), KeyValue("bom", "none"), KeyValue("delimiter", "TAB (sniffed)"),
                          KeyValue("line_endings", "CRLF"), KeyValue("mapping", "generic (auto)"), KeyValue("unmapped", "'Notes'")])
    }

    @Test func pinnedDelimiterWins() throws {
        let (records, facts) = try parseCSV("Email;Name,Title\na@x.com;A,B\n", settings: parseSettings(["--delimiter", ";"]))
        #expect(facts[key: "delimiter"] == "';' (--delimiter)")
        #expect(records.first?.extra == [KeyValue("Name,Title", "A,B")])
    }

    // MARK: - Rejects

    @Test func raggedRowsAreRejectedWithLineAndColumn() throws {
        let (records, _) = try parseCSV("Email,Name,Phone\na@x.com,A,1,extra\nb@x.com,B\nc@x.com,C,3\n")
        #expect(records.count == 3)
        let long = try #require(records[0].reject)
        #expect(long.code == .rowMalformed)
        #expect(long.reason == "row has 4 fields, the header has 3: field 4 is extra")
        #expect(long.column == 13)
        #expect(records[0].email == "a@x.com")
        #expect(records[0].extra[key: "column 4"] == "extra")
        let short = try #require(records[1].reject)
        #expect(short.reason == "row has 2 fields, the header has 3: field 3 ('Phone') is missing")
        #expect(short.column == 10)
        #expect(records[1].source.line == 3)
        #expect(records[2].reject == nil)
    }

    @Test func trailingEmptyFieldsAreTolerated() throws {
        let (records, _) = try parseCSV("Email,Name\na@x.com,A,\nb@x.com,B,,\n")
        #expect(records.allSatisfy { $0.reject == nil })
    }

    @Test func unterminatedQuoteRejectsOneRecordAndReadingGoesOn() throws {
        let (records, _) = try parseCSV("Email,Name\na@x.com,\"Ann\nb@x.com,Bob\n")
        #expect(records.count == 2)
        let reject = try #require(records[0].reject)
        #expect(reject.code == .rowMalformed)
        #expect(reject.column == 9)
        #expect(reject.reason.contains("line 2 column 9"))
        #expect(records[0].fullName == "Ann")
        #expect(records[1].email == "b@x.com")
        #expect(records[1].source == Provenance(file: records[1].source.file, record: 2, line: 3))
    }

    @Test func emptyRecordsAreRejectedAndBlankLinesSkipped() throws {
        let (records, _) = try parseCSV("\n\nEmail,Name\n,\n\n\"\",\"\"\nz@x.com,Z\n")
        #expect(records.map(\.reject?.code) == [.recordEmpty, .recordEmpty, nil])
        #expect(records.map(\.source.record) == [1, 2, 3])
        #expect(records.map(\.source.line) == [4, 6, 7])
    }

    @Test func unquotedNULLIsAbsentOnlyWhenAskedQuotedIsAlwaysText() throws {
        var settings = ParseSettings()
        settings.nullAsMissing = true
        let (records, _) = try parseCSV("Email,Company\na@x.com,NULL\nb@x.com,\"NULL\"\n", settings: settings)
        #expect(records[0].customerAcctName == nil)
        #expect(records[1].customerAcctName == "NULL")
        let (plain, _) = try parseCSV("Email,Last Name\na@x.com,NULL\n")
        #expect(plain[0].lastName == "NULL", "Null is a surname: never dropped by default")
    }

    @Test func recordLinesCountLineBreaksInsideQuotes() throws {
        let (records, _) = try parseCSV("Email,Notes\na@x.com,\"one\ntwo\r\nthree\"\nb@x.com,x\n")
        #expect(records.map(\.source.line) == [2, 5])
        #expect(records[0].extra[key: "Notes"] == "one\ntwo\r\nthree")
    }

    // MARK: - Encodings

    @Test func utf8BOMIsDropped() throws {
        let (records, facts) = try parseCSV([0xEF, 0xBB, 0xBF] + Array("Email,Name\na@x.com,Zoë\n".utf8))
        #expect(records.first?.fullName == "Zoë")
        #expect(facts[key: "bom"] == "utf-8")
        #expect(facts[key: "encoding"] == "utf-8 (BOM)")
    }

    @Test(arguments: [false, true])
    func utf16WithBOM(_ bigEndian: Bool) throws {
        let text = "Email,Name\na@x.com,Zoë 😀\n"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for u in text.utf16 { bytes += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let (records, facts) = try parseCSV(bytes)
        #expect(records.first?.fullName == "Zoë 😀")
        #expect(facts[key: "encoding"] == (bigEndian ? "utf-16be (BOM)" : "utf-16le (BOM)"))
    }

    @Test func invalidUTF8AtTheStartMeansWindows1252() throws {
        let (records, facts) = try parseCSV(Array("Email,Name\na@x.com,Ren".utf8) + [0xE9, 0x20, 0x80, 0x0A])
        #expect(records.first?.fullName == "René €")
        #expect(facts[key: "encoding"] == "windows-1252 (the input is not valid UTF-8)")
    }

    /// A spreadsheet's leftover row of delimiters is a `record_empty` reject that says why.
    @Test func aRowOfDelimitersOnlyIsAnEmptyRecordWithAFix() throws {
        let (records, _) = try parseCSV("Email,Name,Phone\na@x.com,A,1\n,,\n")
        let reject = try #require(records.last?.reject)
        #expect(reject.code == .recordEmpty)
        #expect(reject.fix?.hasPrefix("nothing to import: a row of delimiters only") == true)
        #expect(records.count == 2)
    }

    @Test func forcedEncodingIsUsedAndReported() throws {
        let (records, facts) = try parseCSV(Array("Email,Name\na@x.com,".utf8) + [0xA4, 0x0A], settings: parseSettings(["--encoding", "latin9"]))
        #expect(records.first?.fullName == "€")
        #expect(facts[key: "encoding"] == "iso-8859-15 (--encoding)")
    }

    @Test func undefinedWindows1252ByteRejectsTheRecord() throws {
        let (records, _) = try parseCSV(Array("Email,Name\na@x.com,A".utf8) + [0x81] + Array("\nb@x.com,B\n".utf8),
                                        settings: parseSettings(["--encoding", "windows-1252"]))
        let reject = try #require(records[0].reject)
        #expect(reject.code == .encodingInvalid)
        #expect(reject.reason == "field 2 ('Name') at line 2 column 9 holds bytes that are not valid windows-1252")
        #expect(records[0].email == "a@x.com")
        #expect(records[1].reject == nil)
    }

    @Test("invalid UTF-8 after the first chunk rejects that record only, nothing replaced in the values sent")
    func invalidUTF8LaterRejectsTheRecord() throws {
        var bytes = Array("Email,Name\n".utf8)
        let row = Array("someone@example.com,Somebody Withalongname\n".utf8)
        while bytes.count < (1 << 20) + 1000 { bytes += row }
        let lines = bytes.count(where: { $0 == 0x0A })
        bytes += Array("bad@x.com,Ren".utf8) + [0xE9] + Array("\nok@x.com,Ok\n".utf8)
        let (records, facts) = try parseCSV(bytes)
        #expect(facts[key: "encoding"] == "utf-8")
        let rejected = records.filter { $0.reject != nil }
        #expect(rejected.count == 1)
        let r = try #require(rejected.first)
        #expect(r.reject?.code == .encodingInvalid)
        #expect(r.reject?.column == 11)
        #expect(r.source.line == lines + 1)
        #expect(r.email == "bad@x.com")
        #expect(r.fullName == nil)
        // The value is not lost: kept in `_extra` under its column, the bad byte as U+FFFD.
        #expect(r.extra == [KeyValue("Name", "Ren\u{FFFD}")])
        #expect(records.last?.email == "ok@x.com")
    }

    // MARK: - Header and mapping

    @Test func noEmailColumnIsAnErrorNamingTheColumns() throws {
        #expect {
            _ = try parseCSV("Name,Phone\nA,1\n")
        } throws: { error in
            let d = error as? Diagnostic
            return d?.code == "csv_no_email_column" && d?.notes == ["columns: 'Name', 'Phone'"] && d?.position?.line == 1
        }
    }

    @Test func emptyInputIsAnError() throws {
        #expect { _ = try parseCSV("\n\n") } throws: { ($0 as? Diagnostic)?.code == "csv_no_header" }
    }

    @Test func inlineColumnsOverrideThePreset() throws {
        let settings = try parseSettings(["--column", "email=Work", "--column", "field:12=Level", "--column", "Kept=Notes"])
        let (records, facts) = try parseCSV("Email,Work,Level,Notes\nhome@x.com,work@x.com,gold,n\n", settings: settings)
        let r = try #require(records.first)
        #expect(r.email == "work@x.com")
        #expect(r.fields == [KeyValue("12", "gold")])
        #expect(r.extra == [KeyValue("Email", "home@x.com"), KeyValue("Kept", "n")])
        #expect(facts[key: "unmapped"] == "'Email', 'Kept'")
    }

    @Test func inlineColumnMissingFromTheHeaderIsAnError() throws {
        #expect {
            _ = try parseCSV("Email,Name\na@x.com,A\n", settings: parseSettings(["--column", "phone=Mobil"]))
        } throws: { ($0 as? Diagnostic)?.code == "mapping_column_missing" }
    }

    @Test func mappingByNameAndUnknownName() throws {
        let (_, facts) = try parseCSV("Email,Name\na@x.com,A\n", settings: parseSettings(["--mapping", "hubspot"]))
        #expect(facts[key: "mapping"] == "hubspot")
        #expect {
            _ = try parseCSV("Email\na@x.com\n", settings: parseSettings(["--mapping", "hubspto"]))
        } throws: { ($0 as? Diagnostic)?.fix == "did you mean 'hubspot'?" }
    }

    @Test func mappingFromAFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let preset = try dir.write("mine.yaml", "name: mine\nformat: csv\nextends: none\ncolumns:\n  email: Courriel\n  first_name: Prénom\n")
        let (records, facts) = try parseCSV("Courriel,Prénom,Name\na@x.com,Zoé,Z\n", settings: parseSettings(["--mapping", preset]))
        #expect(facts[key: "mapping"] == "mine")
        #expect(records.first?.firstName == "Zoé")
        #expect(records.first?.extra == [KeyValue("Name", "Z")])
    }

    @Test func duplicateHeaderNamesGetDistinctExtraKeys() throws {
        let (records, _) = try parseCSV("Email,Note,Note,,Note\na@x.com,1,2,3,4\n")
        #expect(records.first?.extra == [KeyValue("Note", "1"), KeyValue("Note (2)", "2"), KeyValue("column 4", "3"), KeyValue("Note (3)", "4")])
    }
}
