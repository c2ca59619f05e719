import Foundation
import ListwashImport
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
