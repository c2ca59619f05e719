import ListwashCore
@testable import ListwashParsers
import Testing

/// Shapes of real exports that once stopped `parse` or garbled it: lines before the header
/// (LinkedIn's "Notes:", Excel's "sep=;"), and UTF-8 files with a stray byte of another encoding.
struct CSVRealExportShapeTests {
    /// LinkedIn's Connections.csv starts with a note and a blank line: the header is the first
    /// row with an email column, the lines before it are no records and are reported.
    @Test func linesBeforeTheHeaderAreSkippedAndReported() throws {
        let text = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
            + "First Name,Last Name,URL,Email Address,Company\nJane,Doe,https://x.example/in/jane,jane@acme.com,Acme\n"
        let (records, facts) = try parseCSV(text)
        #expect(records.count == 1)
        #expect(records[0].email == "jane@acme.com" && records[0].firstName == "Jane")
        #expect(records[0].source.record == 1 && records[0].source.line == 5)
        #expect(facts[key: "preamble"] == "lines 1-3 before the header at line 4 skipped (not contacts)")
    }

    /// With no row that maps an email column, the first row's error stands, at line 1.
    @Test func withoutAnyEmailColumnTheHeaderErrorStands() throws {
        let error = #expect(throws: Diagnostic.self) { _ = try parseCSV("Name,Phone\nA,1\nB,2\n") }
        #expect(error?.code == "csv_no_email_column")
        #expect(error?.position?.line == 1)
    }

    /// Lines of spaces or tabs and a DOS Ctrl-Z end mark are blank lines, not malformed rows;
    /// a quoted field of spaces is a value.
    @Test func whitespaceLinesAndADOSEndMarkAreBlank() throws {
        let (records, _) = try parseCSV("Email,First Name\na@x.com,A\n   \nb@x.com,B\n\t\n\n\u{1A}")
        #expect(records.map(\.email) == ["a@x.com", "b@x.com"])
        #expect(records.allSatisfy { !$0.isRejected })
        #expect(records.map(\.source.record) == [1, 2] && records[1].source.line == 4)
        let (quoted, _) = try parseCSV("Email,First Name\na@x.com,A\n\"  \"\n")
        #expect(quoted.count == 2 && quoted[1].isRejected)
    }

    /// UTF-16 without a byte order mark is told by its zero bytes, either byte order.
    @Test(arguments: [false, true])
    func utf16WithoutAByteOrderMarkIsRead(bigEndian: Bool) throws {
        let text = "Email\tFirst Name\tLast Name\r\nann@x.com\tAnn\tLée\r\nbob@y.com\tBob\tZ\r\n"
        let bytes = text.utf16.flatMap { u in bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let (records, facts) = try parseCSV(bytes)
        #expect(records.map(\.email) == ["ann@x.com", "bob@y.com"])
        #expect(records[0].lastName == "Lée" && !records.contains { $0.isRejected })
        #expect(facts[key: "encoding"] == (bigEndian ? "utf-16be" : "utf-16le") + " (no BOM; told by its zero bytes)")
        #expect(UTF8TextInput.utf16WithoutBOM(Array("plain ascii text, no zeros".utf8)) == nil)
    }

    /// A stray opening quote costs its own row only: the rows after it are read as rows, not
    /// swallowed into one field up to the next quote in the file. A quoted field that spans
    /// lines in a row of the right shape is still one value.
    @Test func aStrayQuoteCostsOneRow() throws {
        var text = "Email,First Name,Last Name\na@x.com,\"Ann,Lee\n"
        for i in 0..<5 { text += "u\(i)@x.com,N\(i),L\(i)\n" }
        text += "z@x.com,Bob,Joe\"s Pizza\ny@x.com,Yo,Ma\nw@x.com,\"Wes,Lo\n"
        for i in 5..<8 { text += "u\(i)@x.com,N\(i),L\(i)\n" }
        text += "v@x.com,Vi,\"The Best\"\nm@x.com,\"two\nlines\",Ok\n"
        let (records, facts) = try parseCSV(text)
        #expect(records.count == 14)
        let rejected = records.filter(\.isRejected)
        #expect(rejected.map(\.source.line) == [2, 10])
        #expect(rejected.allSatisfy { $0.reject?.reason.hasPrefix("stray quote: the quoted field opened at line") == true })
        #expect(rejected[0].firstName == "Ann,Lee" && rejected[0].reject?.column == 9)
        #expect(records.filter { !$0.isRejected }.map(\.email) == ["u0@x.com", "u1@x.com", "u2@x.com", "u3@x.com", "u4@x.com", "z@x.com", "y@x.com",
                                                                    "u5@x.com", "u6@x.com", "u7@x.com", "v@x.com", "m@x.com"])
        #expect(records.last?.firstName == "two\nlines" && records.last?.source.line == 15)
        #expect(records.map(\.source.record) == Array(1...14))
        #expect(facts[key: "line_endings"] == "LF")
    }

    /// A stray quote whose "field" closes on a later line with text after the closing quote
    /// leaves the row with the right number of fields, yet swallowed the rows between: it is
    /// cut like any stray quote. (It was read as one row, and `b@x.com` was in no batch and no
    /// rejects file.) A field spanning lines that closes cleanly is still one value.
    @Test func aStrayQuoteClosedMidFieldOnALaterLineCostsOneRow() throws {
        let text = "email,first_name\na@x.com,\"Ann\nb@x.com,Bob \"the builder\"\nc@x.com,Cy\nd@x.com,\"two\nlines\"\n"
        let (records, _) = try parseCSV(text)
        #expect(records.map(\.email) == ["a@x.com", "b@x.com", "c@x.com", "d@x.com"])
        #expect(records.map(\.isRejected) == [true, false, false, false])
        #expect(records[0].reject?.reason.hasPrefix("stray quote: the quoted field opened at line 2 column 9") == true)
        #expect(records[0].firstName == "Ann")
        #expect(records[1].firstName == "Bob \"the builder\"" && records[1].source.line == 3)
        #expect(records[3].firstName == "two\nlines")

        // Every line opening a quote that the next line closes: each line its own reject.
        let many = "email,first_name\n" + String(repeating: "a@x.com,\"x\n", count: 50)
        let (cut, _) = try parseCSV(many)
        #expect(cut.count == 50 && cut.allSatisfy(\.isRejected))
    }

    /// A Salesforce report exported as CSV ends with a footer of one-field rows ("Grand Totals
    /// (2 records)", the confidentiality line, the copyright) after blank lines: no contacts,
    /// so they are skipped and reported like LinkedIn's preamble, not three `row_malformed`
    /// rejects blaming a missing 'Last Name' (which failed `fail_on: row_malformed` gates).
    @Test func aReportFooterAfterTheLastRecordIsSkippedAndReported() throws {
        let text = "\"First Name\",\"Last Name\",\"Email\"\r\n\"Sally\",\"Force\",\"sally@x.com\"\r\n\"Bob\",\"\",\"bob@x.com\"\r\n"
            + "\r\n\r\n\"Grand Totals (2 records)\"\r\n\r\n\"\"\r\n\"Confidential Information - Do Not Distribute\"\r\n"
            + "\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\r\n\r\n"
        let (records, facts) = try parseCSV(text)
        #expect(records.map(\.email) == ["sally@x.com", "bob@x.com"])
        #expect(records.allSatisfy { !$0.isRejected })
        #expect(facts[key: "footer"] == "lines 6-10 after the last record skipped (not contacts), starting 'Grand Totals (2 records)'")
    }

    /// One-field rows with records after them, one holding an address, or rows before any
    /// record are the malformed rows they look like: only a trailing footer is skipped.
    @Test func oneFieldRowsThatAreNoFooterAreStillRejected() throws {
        let middle = try parseCSV("Email,Name\na@x.com,A\nGrand Totals (1 records)\nb@x.com,B\n")
        #expect(middle.records.map(\.isRejected) == [false, true, false])
        #expect(middle.records[1].source.line == 3 && middle.records[1].source.record == 2)
        #expect(middle.facts[key: "footer"] == nil)
        let address = try parseCSV("Email,Name\na@x.com,A\nc@x.com\n")
        #expect(address.records.map(\.isRejected) == [false, true])
        let broken = try parseCSV("Email,Name\na@x.com,A\n\"broken,\"quote\nNo total here (x)\n")
        #expect(broken.records.map(\.isRejected) == [false, true, true] && broken.facts[key: "footer"] == nil)
        let noRecord = try parseCSV("Email,Name\nTotals (2 records)\nsecond row\n")
        #expect(noRecord.records.map(\.isRejected) == [true, true])
        let many = try parseCSV("Email,Name\na@x.com,A\n" + "Total (30 rows)\n" + String(repeating: "x\n", count: 29))
        #expect(many.records.count == 31 && many.records.dropFirst().allSatisfy(\.isRejected))
        #expect(many.records.map(\.source.record) == Array(1...31))
    }

    /// Excel's "sep=;" line names the delimiter and is not the header.
    @Test(arguments: [("sep=;\r\nEmail;First Name\r\na@x.com;Ann\r\n", "';' (the file's 'sep=' line)"),
                      ("SEP=,\nEmail,First Name\na@x.com,Ann\n", "',' (the file's 'sep=' line)")])
    func excelSeparatorLine(text: String, delimiter: String) throws {
        let (records, facts) = try parseCSV(text)
        #expect(records.map(\.email) == ["a@x.com"])
        #expect(records[0].firstName == "Ann" && records[0].source.line == 3)
        #expect(facts[key: "delimiter"] == delimiter)
        #expect(facts[key: "preamble"] == nil)
    }

    /// UTF-8 with one stray Windows-1252 byte stays UTF-8: only that record is rejected, the
    /// names around it keep their letters (before, the whole file was read as Windows-1252).
    @Test func aStrayByteInUTF8RejectsOnlyItsRecord() throws {
        let bytes = Array("Email,First Name\nu1@x.com,José\nu2@x.com,Renée\nlate@x.com,Caf".utf8) + [0xE9, 0x0A]
        let (records, facts) = try parseCSV(bytes)
        #expect(records.map(\.firstName) == ["José", "Renée", nil])
        #expect(records.map { $0.reject?.code } == [nil, nil, .encodingInvalid])
        #expect(facts[key: "encoding"]?.hasPrefix("utf-8 (valid UTF-8 but for a few bytes") == true)
    }

    /// A Windows-1252 file (no valid multi-byte UTF-8 at all) is still read as Windows-1252.
    @Test func windows1252IsStillDetected() throws {
        let bytes = Array("Email,First Name\na@x.com,Jos".utf8) + [0xE9] + Array("\nb@x.com,Ren".utf8) + [0xE9, 0x65, 0x0A]
        let (records, facts) = try parseCSV(bytes)
        #expect(records.map(\.firstName) == ["José", "Renée"])
        #expect(facts[key: "encoding"] == "windows-1252 (the input is not valid UTF-8)")
    }

    @Test(arguments: [("abc", 0, 0), ("é", 1, 0), ("€ü", 2, 0)])
    func evidenceCountsCharactersAndBadBytes(text: String, multibyte: Int, invalid: Int) {
        let e = Array(text.utf8).withUnsafeBufferPointer { UTF8TextInput.utf8Evidence($0) }
        #expect(e.multibyte == multibyte && e.invalid == invalid)
        let bad = ([0xE9, 0x41, 0xC3, 0xA9, 0xFF] as [UInt8]).withUnsafeBufferPointer { UTF8TextInput.utf8Evidence($0) }
        #expect(bad.multibyte == 1 && bad.invalid == 2)
    }
}
