#if canImport(Glibc)
import Glibc
#endif
import ListwashCore

/// An append-only run of records held outside memory until the end of input: JSON Lines in a
/// temporary file that is unlinked as soon as it is created, so it disappears when closed or
/// when the process ends in any way, and nothing is left behind in `TMPDIR`.
///
/// Each line starts with one marker byte (`+` or `-`, a flag the caller chooses per record)
/// followed by the record in the contract's JSON Lines form (``ContactRecord/writeJSON(to:)``),
/// so replaying reads back what was written, in order; empty values come back as absent, which
/// the contract treats as the same (DESIGN §2).
///
/// If the file cannot be created or a write fails (disk full), the records not yet written stay
/// in memory and ``failure`` says why: slower to hold, but nothing is lost.
final class SurvivorSpill {
    /// Why the records are (partly) held in memory instead of on disk, if they are.
    private(set) var failure: String?
    /// How many records were appended.
    private(set) var count = 0
    private var fd: Int32 = -1
    /// Lines not yet written to the file (all of them after a failure).
    private var pending: [UInt8] = []
    private var writer = JSONWriter(capacity: 1024)
    private static let flushAt = 1 << 20

    /// Creates the file in `directory` (the `TMPDIR` of the run).
    init(directory: String) {
        var template = Array((directory.isEmpty ? "/tmp" : directory).utf8)
        if template.last != UInt8(ascii: "/") { template.append(UInt8(ascii: "/")) }
        template += Array("listwash-dedupe-XXXXXX".utf8) + [0]
        let d = template.withUnsafeMutableBufferPointer { mkstemp(UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        if d < 0 {
            failure = "cannot create a temporary file in '\(directory)': \(String(cString: strerror(errno)))"
        } else {
            fd = d
            unlink(String(decoding: template.dropLast(), as: UTF8.self))
        }
        pending.reserveCapacity(Self.flushAt + 4096)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Whether records are being written to a file (false once holding in memory).
    var isOnDisk: Bool { fd >= 0 && failure == nil }

    /// Appends `record`, marked `flag`.
    func append(_ record: ContactRecord, flag: Bool) {
        writer.bytes.removeAll(keepingCapacity: true)
        writer.byte(flag ? UInt8(ascii: "+") : UInt8(ascii: "-"))
        record.writeJSON(to: &writer)
        writer.byte(0x0A)
        pending.append(contentsOf: writer.bytes)
        count += 1
        if pending.count >= Self.flushAt && isOnDisk { flush() }
    }

    /// Writes the pending lines; on an error keeps what was not written in memory for good.
    private func flush() {
        var off = 0
        let total = pending.count
        let err: Int32 = pending.withUnsafeBytes { p in
            while off < total {
                let n = write(fd, p.baseAddress! + off, total - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                off += n
            }
            return 0
        }
        pending.removeSubrange(0..<off)
        if err != 0 { failure = "writing the temporary file failed: \(String(cString: strerror(err)))" }
    }

    // Replay state: the file's lines, then the lines that stayed in memory, then (only if the
    // file could not be read back whole) one reject for each record missing.
    private var reader: LineReader?
    private var replaying = false
    private var memoryOffset = 0
    private var replayed = 0

    /// The next record in the order appended, with its flag; nil once every record came back.
    /// The first call ends appending. A line that cannot be read back (the file was damaged)
    /// comes out as a `row_malformed` reject, so the ledger still balances and the loss shows.
    func next(stage: String) -> (record: ContactRecord, flag: Bool)? {
        if !replaying {
            replaying = true
            if isOnDisk { flush() }
            if fd >= 0 {
                if lseek(fd, 0, SEEK_SET) == 0 {
                    reader = LineReader(ByteInput(descriptor: fd, path: "dedupe spill"))
                } else {
                    failure = "reading the temporary file back failed: \(String(cString: strerror(errno)))"
                }
            }
        }
        if reader != nil {
            do {
                if let r = try reader!.next({ decode($0, stage: stage) }) { return r }
            } catch {
                failure = "reading the temporary file back failed: \(error)"
            }
            reader = nil
        }
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if memoryOffset < pending.count {
            let line: (record: ContactRecord, flag: Bool) = pending.withUnsafeBufferPointer { p in
                let from = memoryOffset
                let nl = p[from...].firstIndex(of: 0x0A) ?? p.count
                memoryOffset = nl + 1
                return decode(UnsafeBufferPointer(rebasing: p[from..<nl]), stage: stage)
            }
            return line
        }
        pending = []
        if replayed < count {
            replayed += 1
            return (lost(Provenance(file: "dedupe spill", record: replayed, line: replayed), failure ?? "was not read back", stage: stage), false)
        }
        return nil
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, stage: String) -> (record: ContactRecord, flag: Bool) {
        replayed += 1
        let fallback = Provenance(file: "dedupe spill", record: replayed, line: replayed)
        guard let flag = bytes.first, flag == UInt8(ascii: "+") || flag == UInt8(ascii: "-") else {
            return (lost(fallback, "has no marker", stage: stage), false)
        }
        do throws(RecordDecodingError) {
            return (try ContactRecord.decode(jsonLine: UnsafeBufferPointer(rebasing: bytes.dropFirst()), fallback: fallback),
                    flag == UInt8(ascii: "+"))
        } catch {
            return (lost(fallback, error.description, stage: stage), false)
        }
    }

    private func lost(_ at: Provenance, _ why: String, stage: String) -> ContactRecord {
        ContactRecord(source: at).rejected(Reject(code: .rowMalformed, stage: stage,
                                                  reason: "a survivor held in the temporary file could not be read back (\(why))",
                                                  fix: "check the free space and health of TMPDIR, or run with 'union: false'"))
    }
}
