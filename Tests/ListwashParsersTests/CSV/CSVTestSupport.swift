import ListwashCore
@testable import ListwashParsers

/// One record as ``CSVReader`` returned it, for comparisons in tests.
struct ReadRow: Equatable, CustomStringConvertible {
    var fields: [String]
    var line: Int
    var blank = false
    var problem: CSVReader.Problem?

    init(_ fields: [String], line: Int, blank: Bool = false, problem: CSVReader.Problem? = nil) {
        self.fields = fields
        self.line = line
        self.blank = blank
        self.problem = problem
    }

    var description: String { "\(line): \(fields)\(blank ? " blank" : "")\(problem.map { " \($0)" } ?? "")" }
}

/// Reads every record of `text` with a reader fed `chunkSize` bytes at a time.
func readRows(_ text: String, delimiter: Character = ",", chunkSize: Int = 1 << 20,
              configure: (inout CSVReader.Options) -> Void = { _ in }) throws -> [ReadRow] {
    try readRows(Array(text.utf8), delimiter: delimiter, chunkSize: chunkSize, configure: configure)
}

func readRows(_ bytes: [UInt8], delimiter: Character = ",", chunkSize: Int = 1 << 20,
              configure: (inout CSVReader.Options) -> Void = { _ in }) throws -> [ReadRow] {
    var options = CSVReader.Options(delimiter: delimiter.asciiValue!)
    configure(&options)
    let reader = CSVReader(source: UTF8BytesInput(bytes, chunkSize: chunkSize), options: options)
    var rows: [ReadRow] = []
    while try reader.next() {
        rows.append(ReadRow(reader.fields(), line: reader.recordLine, blank: reader.isBlank, problem: reader.problem))
    }
    return rows
}

/// The fields of every non-blank record.
func fieldsOf(_ rows: [ReadRow]) -> [[String]] { rows.filter { !$0.blank }.map(\.fields) }
