#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why input could not be read: the file, and what the system said.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    /// The bracketed code of ``errorLine``: `input_unreadable`, or `input_truncated` when a file
    /// shrank while it was being read.
    public var code: String
    public init(path: String, message: String, code: String = "input_unreadable") {
        self.path = path
        self.message = message
        self.code = code
    }
    public var description: String { "\(path): \(message)" }
    /// The error line a command prints when an input cannot be read.
    public var errorLine: String { "\(path): error: \(message) [\(code)]" }
}

/// Reads a file descriptor in large chunks. The unit every streaming reader builds on: memory
/// stays at one chunk whatever the file size.
///
/// A regular file opened by path is checked at its end: if fewer bytes were read than it held
/// when it was opened, another program truncated it meanwhile, and the read fails
/// (`input_truncated`) instead of passing the shortened file off as complete. A file unlinked
/// (deleted) while open is not a problem on Linux: the open descriptor keeps its data readable
/// to the end, so there is nothing to detect. A file rewritten in place to the same or a larger
/// size cannot be told apart from one that was not touched.
public final class ByteInput {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    public static let chunkSize = 1 << 20
    /// The size of a regular file when it was opened (nil for pipes, terminals, standard input).
    private var sizeAtOpen: Int64?
    /// Bytes handed out so far.
    private var bytesRead: Int64 = 0

    /// Bytes of standard input read ahead by ``peekStandardInput(_:)``, served first by the
    /// next `ByteInput(path: "-")`. Standard input is read by one thread, once per process.
    nonisolated(unsafe) private static var standardInputReadAhead: [UInt8] = []
    /// What this input serves before reading its descriptor (standard input read ahead).
    private var pending: [UInt8] = []

    /// The first `n` bytes of standard input (fewer at its end), without consuming them: the
    /// next `ByteInput(path: "-")` reads them again. For choosing a parser by content when the
    /// input has no name.
    public static func peekStandardInput(_ n: Int) throws(InputError) -> [UInt8] {
        var buf = standardInputReadAhead
        let tmp = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(n, 1), alignment: 1)
        defer { tmp.deallocate() }
        while buf.count < n {
            let got = Glibc.read(0, tmp, n - buf.count)
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError(path: "-", message: "read failed: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            buf.append(contentsOf: UnsafeRawBufferPointer(start: tmp, count: got).bindMemory(to: UInt8.self))
        }
        standardInputReadAhead = buf
        return buf
    }

    /// The first `n` bytes of this input (fewer at its end), for choosing a parser by content,
    /// without consuming them: `read(into:max:)` serves them first. The parser is then handed
    /// this same input, so an input that cannot be opened twice (a FIFO, `/dev/stdin` on a
    /// pipe, a shell's `<(command)`) is read once and whole; opened again by path, it lost the
    /// bytes peeked at (a vCard's first cards, a CSV's header), or a FIFO waited forever.
    public func peek(_ n: Int) throws(InputError) -> [UInt8] {
        while pending.count < n, try readDescriptor(into: &pending, max: n - pending.count) > 0 {}
        return Array(pending.prefix(n))
    }

    /// Opens `path` for reading; `-` is standard input.
    public init(path: String) throws(InputError) {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            pending = Self.standardInputReadAhead
            Self.standardInputReadAhead = []
            sizeAtOpen = Self.remainingSize(0)
            PipeCapacity.enlarge(0)
        } else {
            let d = open(path, O_RDONLY | O_CLOEXEC)
            guard d >= 0 else { throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
            var st = stat()
            if fstat(d, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                close(d)
                throw InputError(path: path, message: "is a directory, not a file")
            }
            if (st.st_mode & S_IFMT) == S_IFREG { sizeAtOpen = Int64(st.st_size) }
            fd = d
            ownsDescriptor = true
        }
    }

    /// Wraps an open descriptor (not closed on deinit).
    public init(descriptor: Int32, path: String) {
        self.path = path
        fd = descriptor
        ownsDescriptor = false
        sizeAtOpen = Self.remainingSize(descriptor)
        PipeCapacity.enlarge(descriptor)
    }

    /// For a regular file (standard input redirected from one, `< file`): the bytes from the
    /// current offset to its end; nil for pipes and terminals.
    private static func remainingSize(_ fd: Int32) -> Int64? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let offset = lseek(fd, 0, SEEK_CUR)
        return offset >= 0 ? Int64(st.st_size) - Int64(offset) : nil
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Appends up to `max` bytes to `buffer`; returns the count read, 0 at end of input.
    public func read(into buffer: inout [UInt8], max: Int = ByteInput.chunkSize) throws(InputError) -> Int {
        if !pending.isEmpty && max > 0 {
            let k = Swift.min(max, pending.count)
            buffer.append(contentsOf: pending[..<k])
            pending.removeFirst(k)
            bytesRead += Int64(k)
            return k
        }
        let got = try readDescriptor(into: &buffer, max: max)
        bytesRead += Int64(got)
        if got == 0 { try checkNotTruncated() }
        return got
    }

    /// One `read` of the descriptor (retried on EINTR), appended to `buffer`; 0 at its end.
    private func readDescriptor(into buffer: inout [UInt8], max: Int) throws(InputError) -> Int {
        buffer.reserveCapacity(buffer.count + max)
        var got = 0
        var failure: Int32 = 0
        let tmp = UnsafeMutableRawPointer.allocate(byteCount: max, alignment: 1)
        defer { tmp.deallocate() }
        while true {
            let n = Glibc.read(fd, tmp, max)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            got = n
            break
        }
        if failure != 0 { throw InputError(path: path, message: "read failed: \(String(cString: strerror(failure)))") }
        if got > 0 { buffer.append(contentsOf: UnsafeRawBufferPointer(start: tmp, count: got).bindMemory(to: UInt8.self)) }
        return got
    }

    /// At the end of a regular file: fails when fewer bytes were read than the file held at open.
    private func checkNotTruncated() throws(InputError) {
        guard let expected = sizeAtOpen, bytesRead < expected else { return }
        var st = stat()
        let now = fstat(fd, &st) == 0 ? "\(st.st_size) bytes now" : "its size now unknown"
        throw InputError(
            path: path,
            message: "the file shrank while it was being read: \(expected) bytes when opened, \(now), only \(bytesRead) read; another program truncated or rewrote it, so the records read are not the whole file",
            code: "input_truncated")
    }

    /// Reads everything (small files only: configuration, fixtures).
    public func readAll() throws(InputError) -> [UInt8] {
        var all: [UInt8] = []
        while try read(into: &all) > 0 {}
        return all
    }
}

/// Splits a byte stream into lines (LF, with a CR before it removed) without holding more than
/// one chunk plus the longest line. A UTF-8 byte order mark at the start of a line is not part
/// of it: at the start of the stream (a file saved by Notepad or Excel), and where files each
/// starting with one were joined (`cat a.jsonl b.jsonl`). U+FEFF can start no JSON line nor
/// list entry, so dropping it only ever keeps a line that would be lost.
public struct LineReader {
    private let input: ByteInput
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Whether the line last returned ended at the end of input without a line ending: in a
    /// pipe of stage commands, whose every line ends in LF, the writer stopped in the middle.
    public private(set) var lastLineUnterminated = false

    public init(_ input: ByteInput) { self.input = input }

    /// Calls `body` with the next line's bytes (without the line ending); returns false at the end.
    public mutating func next<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        while true {
            let from = start
            let found: Int? = buffer.withUnsafeBufferPointer { p in
                guard from < p.count, let base = p.baseAddress,
                      let hit = memchr(base + from, 0x0A, p.count - from) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = found {
                var end = nl
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                lineNumber += 1
                let s = start
                start = nl + 1
                return try buffer.withUnsafeBufferPointer { try body(UTF8ByteOrderMark.dropped(from: UnsafeBufferPointer(rebasing: $0[s..<end]))) }
            }
            if eof {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == 0x0D { end -= 1 }
                lineNumber += 1
                lastLineUnterminated = true
                let s = start
                start = buffer.count
                return try buffer.withUnsafeBufferPointer { try body(UTF8ByteOrderMark.dropped(from: UnsafeBufferPointer(rebasing: $0[s..<end]))) }
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            if try input.read(into: &buffer) == 0 { eof = true }
        }
    }
}
