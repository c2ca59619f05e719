import Testing
import ListwashCore
@testable import ListwashParsers

struct CSVReaderTests {
    // MARK: - Dialect

    @Test(arguments: ["\n", "\r\n", "\r"])
    func readsEveryLineEnding(_ eol: String) throws {
        let rows = try readRows("a,b\(eol)1,2\(eol)3,4\(eol)")
        #expect(rows == [ReadRow(["a", "b"], line: 1), ReadRow(["1", "2"], line: 2), ReadRow(["3", "4"], line: 3)])
    }

    @Test func countsLineEndingsOfEachKind() throws {
        let reader = CSVReader(source: UTF8BytesInput(Array("a\nb\r\nc\rd\n".utf8)))
        while try reader.next() {}
        #expect(reader.lineEndings == CSVReader.LineEndings(lf: 2, crlf: 1, cr: 1))
        #expect(reader.lineEndings.description == "mixed (LF 2, CRLF 1, CR 1)")
    }

    @Test func lastRecordWithoutLineEnding() throws {
        #expect(try readRows("a,b\n1,2") == [ReadRow(["a", "b"], line: 1), ReadRow(["1", "2"], line: 2)])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws {
        let rows = try readRows("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"cr\r\nlf\"\nlast,1\n")
        #expect(rows == [
            ReadRow(["a", "b"], line: 1),
            ReadRow(["x,y", "say \"hi\""], line: 2),
            ReadRow(["two\nlines", "cr\r\nlf"], line: 3),
            ReadRow(["last", "1"], line: 6),
        ])
    }

    @Test func quoteInsideUnquotedFieldIsText() throws {
        #expect(try fieldsOf(readRows("a\"b,c\n")) == [["a\"b", "c"]])
    }

    @Test func textAfterClosingQuoteIsKept() throws {
        #expect(try fieldsOf(readRows("\"ab\"c,d\n")) == [["abc", "d"]])
    }

    @Test func nothingIsTrimmed() throws {
        #expect(try fieldsOf(readRows(" a , \" b \" ,\t\n")) == [[" a ", " \" b \" ", "\t"]])
    }

    @Test func emptyAndQuotedEmptyFields() throws {
        let reader = CSVReader(source: UTF8BytesInput(Array(",\"\",x\n".utf8)))
        #expect(try reader.next())
        #expect(reader.fields() == ["", "", "x"])
        #expect(reader.fieldQuoted == [false, true, false])
    }

    @Test func blankLinesAreBlankRecords() throws {
        let rows = try readRows("\n\na\n\r\n\"\"\nb")
        #expect(rows == [
            ReadRow([], line: 1, blank: true), ReadRow([], line: 2, blank: true), ReadRow(["a"], line: 3),
            ReadRow([], line: 4, blank: true), ReadRow([""], line: 5), ReadRow(["b"], line: 6),
        ])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try readRows("").isEmpty)
    }

    @Test func otherDelimiters() throws {
        #expect(try fieldsOf(readRows("a;b;\"c;d\"\n", delimiter: ";")) == [["a", "b", "c;d"]])
        #expect(try fieldsOf(readRows("a\tb,c\n", delimiter: "\t")) == [["a", "b,c"]])
        #expect(try fieldsOf(readRows("a|b\n", delimiter: "|")) == [["a", "b"]])
    }

    @Test func fieldPositions() throws {
        let reader = CSVReader(source: UTF8BytesInput(Array("h1,h2\nab,\"c\nd\",e\n".utf8)))
        _ = try reader.next()
        #expect(try reader.next())
        #expect(reader.recordLine == 2)
        #expect(reader.fieldLines == [2, 2, 3])
        #expect(reader.fieldColumns == [1, 4, 4])
    }

    @Test func nulByteIsData() throws {
        #expect(try fieldsOf(readRows([0x61, 0x0A, 0x00, 0x2C, 0x32, 0x0A])) == [["a"], ["\u{0}", "2"]])
    }

    // MARK: - Broken input

    @Test("unterminated quote: the record is cut at the quote's line and reading resumes on the next line")
    func unterminatedQuoteResumesAfterTheQuoteLine() throws {
        let rows = try readRows("a,b\n1,\"x\n2,y\n3,z\n")
        #expect(rows == [
            ReadRow(["a", "b"], line: 1),
            ReadRow(["1", "x"], line: 2, problem: .unterminatedQuote(line: 2, column: 3)),
            ReadRow(["2", "y"], line: 3),
            ReadRow(["3", "z"], line: 4),
        ])
    }

    @Test func unterminatedQuoteOnTheLastLine() throws {
        let rows = try readRows("a,b\n1,\"x y")
        #expect(rows.last == ReadRow(["1", "x y"], line: 2, problem: .unterminatedQuote(line: 2, column: 3)))
    }

    @Test func tooLongRecordIsCutAndTheNextLineRead() throws {
        let long = String(repeating: "x", count: 500)
        let rows = try readRows("a,\(long)\nb,c\n", chunkSize: 64) { $0.maxRecordBytes = 100 }
        #expect(rows.count == 2)
        #expect(rows[0].problem == .tooLong(limit: 100))
        #expect(rows[0].fields == ["a", ""])
        #expect(rows[1] == ReadRow(["b", "c"], line: 2))
    }

    @Test func tooLongQuotedFieldResumesAfterTheQuoteLine() throws {
        let long = String(repeating: "y\n", count: 200)
        let rows = try readRows("\"x\n\(long)", chunkSize: 50) { $0.maxRecordBytes = 100 }
        #expect(rows[0].problem == .tooLong(limit: 100))
        #expect(rows[0].fields == ["x"])
        #expect(rows[1] == ReadRow(["y"], line: 2))
        #expect(rows.count == 201)
    }

    @Test func tooManyFieldsIsCut() throws {
        let wide = Array(repeating: "f", count: 30).joined(separator: ",")
        let rows = try readRows("\(wide)\nok\n") { $0.maxFields = 10 }
        #expect(rows[0].problem == .tooManyFields(limit: 10))
        #expect(rows[0].fields.count <= 11)
        #expect(rows[1] == ReadRow(["ok"], line: 2))
    }

    @Test func hundredThousandColumns() throws {
        let wide = Array(repeating: "c", count: 100_000).joined(separator: ",")
        let rows = try readRows(wide + "\n1\n")
        #expect(rows[0].fields.count == 100_000)
        #expect(rows[0].problem == nil)
        #expect(rows[1] == ReadRow(["1"], line: 2))
    }

    @Test func tenMegabyteLine() throws {
        var bytes = Array("a,".utf8)
        bytes += [UInt8](repeating: 0x78, count: 10 << 20)
        bytes += Array("\nb,c\n".utf8)
        let rows = try readRows(bytes)
        #expect(rows.count == 2)
        #expect(rows[0].fields[1].utf8.count == 10 << 20)
        #expect(rows[1] == ReadRow(["b", "c"], line: 2))
    }

    // MARK: - Chunk boundaries

    static let tricky = [
        "a,b\r\n\"q\"\"x\",\"l1\r\nl2\"\r\n,\r\n\"\"\r\n\rz,\"\"\"\"\n\"end\"",
        "h\r\r\n\n\"a\rb\"\r\"\",x\rlast",
        "é,ü\n\"ß,\"\"\",漢字\n",
        "1,\"open\n2,x\n\"closed\",3\n",
    ]

    @Test(arguments: tricky)
    func chunkSizeDoesNotChangeTheResult(_ text: String) throws {
        let whole = try readRows(text)
        for size in [1, 2, 3, 5, 7, 11] {
            #expect(try readRows(text, chunkSize: size) == whole, "chunk size \(size)")
        }
    }
}
