/// Reads records from JSON Lines (the pipe between stage processes).
///
/// A line that is not a record becomes a `row_malformed` reject (so the ledger still balances),
/// or an `input_partial` one when it is a broken last line without its line ending (the writer
/// stopped mid-record). Only input that is not records at all stops the command
/// (``RecordStreamError/notRecords``): when the first line is not a JSON object, the lines up to
/// the first record are held as rejects (``LeadingLines``), and if no record comes within
/// ``LeadingLines/limit`` lines or before the end (a CSV file piped into a stage), the input is
/// unusable. A stray line at the top of records saved by hand costs that line only.
public struct RecordStream {
    private var lines: LineReader
    private let path: String
    private let stage: String
    private var seenRecord = false
    private let files = FileNameCache()
    /// With `keepsLines`, the line of the record ``next()`` returned last, when that record
    /// ``ContactRecord/isUnchangedSinceDecoding`` (empty otherwise): a stage command writes it
    /// again for a record that comes out as it went in.
    public private(set) var lastLine: [UInt8] = []
    private let keepsLines: Bool
    private var lastFallback = Provenance(file: "-", record: 0, line: 0)
    /// Set when the input ended in the middle of a line (an `input_partial` reject was made):
    /// the command before this one stopped before it finished.
    public private(set) var endedMidLine: String?
    /// What ``nextGlanced()`` saw of the line it glanced at last (``Glanced/glance``).
    public private(set) var glance = RecordGlance(email: nil, source: Provenance(file: "-", record: 0, line: 0), reject: nil)
    /// Records read ahead by ``readLeadingLines(after:)``, returned before the next line is read:
    /// the rejects of the stray lines at the top, then the first record.
    private var held: [ContactRecord] = []

    /// - Parameter keepsLines: keep each record's line in ``lastLine`` (a copy per record, so
    ///   only for readers that write lines through).
    public init(input: ByteInput, stage: String, keepsLines: Bool = false) {
        lines = LineReader(input)
        path = input.path
        self.stage = stage
        self.keepsLines = keepsLines
    }

    /// The next record, or nil at the end of input. Blank lines are skipped.
    ///
    /// - Parameter wanted: the properties to decode (``RecordFieldSet``). A record missing some
    ///   is returned only when it ``ContactRecord/isUnchangedSinceDecoding`` (its line, kept in
    ///   ``lastLine``, says everything about it), and ``fullRecordOfLastLine()`` decodes it whole;
    ///   any other line is decoded whole at once.
    /// - Parameter take: offered every line first, with the stream's file-name cache, by a stage
    ///   that decides lines from their bytes (``PlainLineRewriting``); a line it takes (returns
    ///   true) is done with, never copied into ``lastLine``, and the next one is read.
    public mutating func next(
        wanting wanted: RecordFieldSet = .all,
        offering take: (UnsafeBufferPointer<UInt8>, FileNameCache) throws -> Bool = { _, _ in false }
    ) throws -> ContactRecord? {
        if !held.isEmpty { return held.removeFirst() }
        while true {
            let lineNumber = lines.lineNumber + 1
            let fallback = Provenance(file: path, record: lineNumber, line: lineNumber)
            lastFallback = fallback
            var taken = false
            var startsObject = true
            let result: Result<ContactRecord, RecordDecodingError>?? = try lines.next { (bytes) -> Result<ContactRecord, RecordDecodingError>? in
                if Self.isBlank(bytes) { return nil }
                if try take(bytes, files) {
                    taken = true
                    return nil
                }
                do throws(RecordDecodingError) {
                    let r = try Self.decode(bytes, fallback: fallback, wanted: wanted, files: files)
                    if keepsLines {
                        lastLine.removeAll(keepingCapacity: true)
                        if r.isUnchangedSinceDecoding { lastLine.append(contentsOf: bytes) }
                    }
                    return .success(r)
                } catch {
                    startsObject = Self.startsObject(bytes)
                    return .failure(error)
                }
            }
            if taken {
                seenRecord = true
                continue
            }
            guard let result else { return nil }
            guard let result else { continue }
            switch result {
            case .success(let r):
                seenRecord = true
                return r
            case .failure(let e):
                return try malformed(e, lineNumber: lineNumber, fallback: fallback, notObject: e.salvaged == nil && !startsObject)
            }
        }
    }

    /// What ``nextGlanced()`` read.
    public enum Glanced {
        /// A plain line, glanced at: ``glance`` says what it holds, ``lastLine`` is the line.
        case glance
        /// Any other line, decoded as by ``next(wanting:offering:)`` with only the email wanted.
        case record(ContactRecord)
    }

    /// The next line, glanced at when it is plain (``RecordGlance/read(_:files:)``), else
    /// decoded with only the email wanted; nil at the end of input. Needs `keepsLines`.
    ///
    /// - Parameter take: offered every plain line first, with its glance and its bytes in the
    ///   input buffer; a line it takes (returns true) is done with and the next line is read.
    ///   A line it does not take, and which it left as it was, is returned as ``Glanced/glance``.
    ///   Taking lines from the buffer spares the copy into ``lastLine`` (a third of the bytes
    ///   `dedupe` and `exclude` moved).
    ///
    /// Its loop repeats ``next(wanting:offering:)``'s rather than sharing a helper with it: the
    /// shared form (a result enum, a closure not inlined) cost `normalize`, which then read every
    /// line through ``next(wanting:offering:)``, 2.5 % more instructions.
    public mutating func nextGlanced(taking take: (RecordGlance, UnsafeBufferPointer<UInt8>) throws -> Bool = { _, _ in false }) throws -> Glanced? {
        precondition(keepsLines, "nextGlanced needs a RecordStream that keeps lines")
        if !held.isEmpty { return .record(held.removeFirst()) }
        while true {
            let lineNumber = lines.lineNumber + 1
            let fallback = Provenance(file: path, record: lineNumber, line: lineNumber)
            lastFallback = fallback
            var glanced = false
            var taken = false
            var startsObject = true
            let result: Result<ContactRecord, RecordDecodingError>?? = try lines.next { (bytes) -> Result<ContactRecord, RecordDecodingError>? in
                if Self.isBlank(bytes) { return nil }
                if let g = RecordGlance.read(bytes, files: files) {
                    if try take(g, bytes) {
                        taken = true
                        return nil
                    }
                    glance = g
                    glanced = true
                    lastLine.removeAll(keepingCapacity: true)
                    lastLine.append(contentsOf: bytes)
                    return nil
                }
                do throws(RecordDecodingError) {
                    let r = try Self.decode(bytes, fallback: fallback, wanted: .email, files: files)
                    lastLine.removeAll(keepingCapacity: true)
                    if r.isUnchangedSinceDecoding { lastLine.append(contentsOf: bytes) }
                    return .success(r)
                } catch {
                    startsObject = Self.startsObject(bytes)
                    return .failure(error)
                }
            }
            if taken {
                seenRecord = true
                continue
            }
            if glanced {
                seenRecord = true
                return .glance
            }
            guard let result else { return nil }
            guard let result else { continue }
            switch result {
            case .success(let r):
                seenRecord = true
                return .record(r)
            case .failure(let e):
                return .record(try malformed(e, lineNumber: lineNumber, fallback: fallback, notObject: e.salvaged == nil && !startsObject))
            }
        }
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Whether the line's first byte other than space or tab opens a JSON object: a record, if
    /// a broken one.
    private static func startsObject(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.first { $0 != 0x20 && $0 != 0x09 } == UInt8(ascii: "{")
    }

    /// The reject of a line that is not a record (``reject(_:lineNumber:fallback:)``). A line
    /// before any record that is not even a JSON object (`notObject`) may mean the input is not
    /// records at all: the lines after it are read ahead (``readLeadingLines(after:)``) to tell.
    private mutating func malformed(_ e: RecordDecodingError, lineNumber: Int, fallback: Provenance, notObject: Bool) throws -> ContactRecord {
        let r = reject(e, lineNumber: lineNumber, fallback: fallback)
        if !seenRecord && notObject {
            return try readLeadingLines(after: r, error: .notRecords(path: path, line: lineNumber, column: e.column, message: e.message))
        }
        seenRecord = true
        return r
    }

    /// Read after a first line that is not a record: the lines up to the first one that is a
    /// record or a JSON object (then the input is records with stray lines at the top, and
    /// those lines are rejects like any other), holding them in ``held``; `error` when no
    /// such line comes within ``LeadingLines/limit`` lines or before the end.
    private mutating func readLeadingLines(after first: ContactRecord, error: RecordStreamError) throws -> ContactRecord {
        var strays = 1
        while true {
            let lineNumber = lines.lineNumber + 1
            let fallback = Provenance(file: path, record: lineNumber, line: lineNumber)
            lastFallback = fallback
            var notObject = false
            let result: Result<ContactRecord, RecordDecodingError>?? = try lines.next { (bytes) -> Result<ContactRecord, RecordDecodingError>? in
                if Self.isBlank(bytes) { return nil }
                do throws(RecordDecodingError) {
                    let r = try Self.decode(bytes, fallback: fallback, wanted: .all, files: files)
                    if keepsLines {
                        lastLine.removeAll(keepingCapacity: true)
                        if r.isUnchangedSinceDecoding { lastLine.append(contentsOf: bytes) }
                    }
                    return .success(r)
                } catch {
                    notObject = error.salvaged == nil && !Self.startsObject(bytes)
                    return .failure(error)
                }
            }
            guard let result else { throw error }  // the end: no record at all
            guard let result else { continue }
            switch result {
            case .success(let r):
                held.append(r)
            case .failure(let e):
                held.append(reject(e, lineNumber: lineNumber, fallback: fallback))
                if notObject {
                    strays += 1
                    if strays >= LeadingLines.limit { throw error }
                    continue
                }
            }
            // Reading stops at the first record or JSON object, so ``lastLine`` is still the line
            // of the last held record when it is returned (the rejects before it have no line).
            seenRecord = true
            return first
        }
    }

    /// The `row_malformed` reject of a line that is not a record, or the `input_partial` one of
    /// a broken last line without its line ending.
    private mutating func reject(_ e: RecordDecodingError, lineNumber: Int, fallback: Provenance) -> ContactRecord {
        let name = path == "-" ? "standard input" : path
        if lines.lastLineUnterminated {
            // Stage commands end every line with LF: a broken last line without one is a writer
            // that stopped mid-record (killed, crashed, out of memory), and what it never wrote
            // is in no batch. Marked like an input parse could not read to its end, so `submit`
            // refuses the folder unless told otherwise.
            endedMidLine = "\(name) ended in the middle of line \(lineNumber): the command before this one stopped before it finished"
            return ContactRecord(source: fallback).rejected(Reject(
                code: .inputPartial, stage: stage,
                reason: "\(name) ended in the middle of line \(lineNumber) (\(e.message)): the command writing into this one stopped before it finished, and the records it did not write are in no batch",
                fix: "find out why the command before this one stopped (its exit status and error), then run the whole pipe again",
                column: e.column))
        }
        let reason = "\(name) line \(lineNumber) is not a listwash record: \(e.message)"
        return (e.salvaged ?? ContactRecord(source: fallback)).rejected(
            Reject(code: .rowMalformed, stage: stage, reason: reason, fix: "pipe the output of another listwash stage into this one", column: e.column))
    }
}

/// The lines at the top of a stage's input that are not records.
enum LeadingLines {
    /// Lines that are not JSON objects, before any record, after which the input is taken for
    /// something else than records (a CSV file, a log) and the command stops.
    static let limit = 100
}

extension RecordStream {
    /// `bytes` decoded with `wanted`, or whole when the line lacks its own `_src` or is not a
    /// record (the whole decode then says why, with its column).
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, fallback: Provenance, wanted: RecordFieldSet, files: FileNameCache) throws(RecordDecodingError) -> ContactRecord {
        if wanted != .all {
            do throws(RecordDecodingError) {
                let r = try ContactRecord.decode(jsonLine: bytes, fallback: fallback, files: files, wanted: wanted)
                if r.isUnchangedSinceDecoding { return r }
            } catch {
                // Not lost: the whole decode below meets the same problem and reports it.
            }
        }
        return try ContactRecord.decode(jsonLine: bytes, fallback: fallback, files: files)
    }

    /// The record ``next(wanting:offering:)`` returned last, decoded with every property: for a stage
    /// that could not decide from the properties it asked for. Needs `keepsLines`.
    public func fullRecordOfLastLine() throws(RecordDecodingError) -> ContactRecord {
        precondition(keepsLines, "fullRecordOfLastLine needs a RecordStream that keeps lines")
        return try lastLine.withUnsafeBufferPointer { (p) throws(RecordDecodingError) -> ContactRecord in
            try ContactRecord.decode(jsonLine: p, fallback: lastFallback, files: files)
        }
    }
}

/// The input of a stage command is not JSON Lines records.
public enum RecordStreamError: Error, Sendable, CustomStringConvertible {
    case notRecords(path: String, line: Int, column: Int, message: String)

    public var description: String {
        switch self {
        case let .notRecords(path, line, column, message):
            let name = path == "-" ? "<stdin>" : path
            return "\(name):\(line):\(column): error: input is not listwash JSON Lines records (\(message)) [input_not_records]\n  fix: stage commands read the output of another stage, e.g. 'listwash parse contacts.csv | listwash normalize'"
        }
    }
}
