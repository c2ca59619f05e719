import Testing
import Foundation
import PropertyBased
@testable import ListwashParsers

/// CSV write → parse: whatever fields a writer quotes by RFC 4180, the reader gives back exactly,
/// with any delimiter, line ending and chunk size.
struct CSVRoundTripPropertyTests {
    /// Characters chosen to hit every branch: quotes, all delimiters, CR, LF, spaces, non-ASCII.
    static let alphabet: [Character] = ["a", "Z", "0", " ", "\t", "\"", ",", ";", "|", "\n", "\r", "\r\n", "é", "漢", "😀", "\u{0}"]

    /// Writes rows as RFC 4180 text: a field is quoted when it holds a quote, the delimiter, CR or
    /// LF, or when it is a record's only field and empty (else the line would read as blank).
    static func write(_ rows: [[String]], delimiter: Character, eol: String) -> String {
        rows.map { row in
            row.map { f in
                let needsQuotes = f.contains { $0 == "\"" || $0 == delimiter || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                    || (row.count == 1 && f.isEmpty)
                return needsQuotes ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: String(delimiter))
        }.joined(separator: eol) + eol
    }

    @Test func writeThenReadGivesTheSameFields() async {
        let alphabet = Self.alphabet
        let field = Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...8).map { String($0.map { alphabet[$0] }) }
        let row = field.array(of: 1...5)
        let delimiters: [Character] = [",", ";", "\t", "|"]
        let endings = ["\n", "\r\n", "\r"]
        await propertyCheck(count: 300, input: row.array(of: 1...6),
                            Gen.int(in: 0...3).map { delimiters[$0] },
                            Gen.int(in: 0...2).map { endings[$0] },
                            Gen.int(in: 1...13)) { rows, delimiter, eol, chunk in
            let text = Self.write(rows, delimiter: delimiter, eol: eol)
            let read = try readRows(text, delimiter: delimiter, chunkSize: chunk)
            #expect(read.map(\.fields) == rows, "text: \(text.debugDescription)")
            #expect(read.allSatisfy { $0.problem == nil && !$0.blank })
        }
    }
}
