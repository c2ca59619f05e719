import ListwashCore

/// `rejects.csv` (batch setting `rejects_csv`): the rejected records as a spreadsheet, one row
/// each, for the person who fixes the source data. Written through ``SpreadsheetCSV`` (cells
/// that start like a formula are neutralized) and a temporary file renamed into place by
/// `commit()`, like every other output of the batch directory.
///
/// Columns: where the record came from (`file`, `record`, `line`), why it was rejected (`code`,
/// `stage`, `reason`, `fix`, `merged_into` for duplicates: the survivor's `file:line`, as the
/// reason and every other position listwash shows), then the values it had (`email`,
/// `first_name`, `last_name`, `phone`, `customer_acct_name`, `tags` joined with `; `, `fields`
/// and `extra` as `name=value` pairs joined with `; `).
final class RejectsCSVOutput {
    static let fileName = "rejects.csv"
    static let header = ["file", "record", "line", "code", "stage", "reason", "fix", "merged_into",
                         "email", "first_name", "last_name", "phone", "customer_acct_name", "tags", "fields", "extra"]
    private let file: TemporaryFile
    private var csv = SpreadsheetCSV()

    init(directory: BatchDirectory) throws(BatchWriteError) {
        file = try TemporaryFile(directory: directory, name: Self.fileName)
        csv.row(Self.header)
    }

    func append(_ record: ContactRecord) throws(BatchWriteError) {
        csv.row(Self.cells(record))
        if csv.bytes.count >= 1 << 16 { try drain() }
    }

    func commit() throws(BatchWriteError) {
        try drain()
        try file.commit()
    }

    func discard() { file.discard() }

    static func cells(_ r: ContactRecord) -> [String] {
        let j = r.reject
        let pairs: ([KeyValue]) -> String = { $0.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return [r.source.file, String(r.source.record), String(r.source.line),
                j?.code.rawValue ?? "", j?.stage ?? "", j?.reason ?? "", j?.fix ?? "",
                j?.into.map { "\($0.file):\($0.line)" } ?? "",
                r.email ?? "", r.firstName ?? "", r.lastName ?? "", r.phone ?? "", r.customerAcctName ?? "",
                r.tags.joined(separator: "; "), pairs(r.fields), pairs(r.extra)]
    }

    private func drain() throws(BatchWriteError) {
        try file.write(csv.bytes)
        csv.removeAll()
    }
}
