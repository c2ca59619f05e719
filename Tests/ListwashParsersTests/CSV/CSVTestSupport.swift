import Foundation
import ListwashCore
import ListwashTestSupport
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

/// Everything a ``CSVSource`` gives for `bytes` written to a temporary file: records and facts.
func parseCSV(_ bytes: [UInt8], settings: ParseSettings = ParseSettings()) throws -> (records: [ContactRecord], facts: [KeyValue]) {
    try withTemporaryCSV(bytes) { path in
        var source = try CSVSource(path: path, settings: settings)
        var records: [ContactRecord] = []
        while let r = try source.next() { records.append(r) }
        return (records, source.facts)
    }
}

/// Calls `body` with the path of a temporary `.csv` file holding `bytes`, removed afterwards.
func withTemporaryCSV<R>(_ bytes: [UInt8], _ body: (String) throws -> R) throws -> R {
    // A plain temporary file: TemporaryDirectory costs ~50 ms on Linux, too slow for property tests.
    var template = Array((NSTemporaryDirectory() + "/listwash-csv-XXXXXX.csv").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
    guard fd >= 0 else { throw InputError(path: "temporary file", message: "mkstemps failed") }
    let path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    defer { unlink(path) }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == bytes.count else { throw InputError(path: path, message: "short write") }
    return try body(path)
}

func parseCSV(_ text: String, settings: ParseSettings = ParseSettings()) throws -> (records: [ContactRecord], facts: [KeyValue]) {
    try parseCSV(Array(text.utf8), settings: settings)
}

/// Settings as `listwash parse` flags would give them.
func parseSettings(_ flags: [String]) throws -> ParseSettings {
    try ParseSettings(settings: FlagParser.parse(flags, spec: ParseSettings.spec))
}
