import Crypto
import ListwashCore

/// Streams rejected records to `rejects.jsonl`, one record per line as the record contract writes
/// it (provenance and `_reject` with code, stage, reason and fix), through a temporary file
/// renamed into place by `commit()`. Without a directory (`plan_only`) it only counts and hashes.
/// With `csv` it also writes `rejects.csv` (``RejectsCSVOutput``).
final class RejectsOutput {
    static let fileName = "rejects.jsonl"
    private let file: TemporaryFile?
    private let csv: RejectsCSVOutput?
    private var buffer = JSONWriter(capacity: 1 << 16)
    private var hasher = SHA256()
    private(set) var records = 0
    private(set) var bytes = 0

    init(directory: BatchDirectory?, csv: Bool = false) throws(BatchWriteError) {
        file = try directory.map { (d) throws(BatchWriteError) in try TemporaryFile(directory: d, name: Self.fileName) }
        self.csv = try (csv ? directory : nil).map { (d) throws(BatchWriteError) in try RejectsCSVOutput(directory: d) }
    }

    /// Appends `record`, written as `line` when given (the line it was read from, unchanged).
    func append(_ record: ContactRecord, line: [UInt8]? = nil) throws(BatchWriteError) {
        try csv?.append(record)
        if let line { buffer.bytes.append(contentsOf: line) } else { record.writeJSON(to: &buffer) }
        try endLine()
    }

    /// Appends a record as `line`, the line it was read from, unchanged. Not with `csv`, which
    /// needs the record.
    func append(line: UnsafeBufferPointer<UInt8>) throws(BatchWriteError) {
        precondition(csv == nil, "rejects.csv needs the record, not only its line")
        buffer.bytes.append(contentsOf: line)
        try endLine()
    }

    private func endLine() throws(BatchWriteError) {
        buffer.byte(0x0A)
        records += 1
        if buffer.count >= 1 << 16 { try drain() }
    }

    /// Writes what is buffered and renames the file into place; returns its summary.
    func commit() throws(BatchWriteError) -> BatchPlan.RejectsFile {
        try drain()
        try csv?.commit()
        try file?.commit()
        return BatchPlan.RejectsFile(file: Self.fileName, records: records, bytes: bytes, sha256: hasher.finalize().lowercaseHex)
    }

    private func drain() throws(BatchWriteError) {
        buffer.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        bytes += buffer.count
        try file?.write(buffer.bytes)
        buffer.bytes.removeAll(keepingCapacity: true)
    }
}
