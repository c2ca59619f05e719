#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why output could not be written. `closed` is a reader that went away (`| head`): callers
/// stop quietly with status 0 (DESIGN §8).
public enum OutputError: Error, Sendable, CustomStringConvertible {
    case closed
    case failed(path: String, message: String)

    public var description: String {
        switch self {
        case .closed: return "output closed"
        case .failed(let path, let message): return "\(path): \(message)"
        }
    }
}

/// A buffered writer to a file descriptor (standard output by default).
public final class ByteOutput {
    private let fd: Int32
    private let path: String
    // Not checked for exclusive access at run time: a ByteOutput belongs to one thread, and the
    // check was two calls per line written (0.5 % of a pipe stage).
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let limit: Int

    /// Standard output. Call ``ByteOutput/ignoreSigpipe()`` once at start so a closed pipe is an
    /// error value (EPIPE) rather than a signal.
    public static func standardOutput() -> ByteOutput { ByteOutput(descriptor: 1, path: "standard output") }

    public init(descriptor: Int32, path: String, bufferSize: Int = 1 << 20) {
        fd = descriptor
        self.path = path
        limit = PipeCapacity.enlarge(descriptor) ? Swift.min(bufferSize, 1 << 18) : bufferSize
        buffer.reserveCapacity(bufferSize + 4096)
    }

    public static func ignoreSigpipe() { signal(SIGPIPE, SIG_IGN) }

    public func write(_ bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flush() }
    }

    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { try flush() }
    }

    /// Writes `bytes` and a line feed.
    public func writeLine(_ bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count >= limit { try flush() }
    }

    /// Writes `bytes` (a line still in an input buffer) and a line feed.
    public func writeLine(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count >= limit { try flush() }
    }

    /// Appends through a closure that writes into the internal buffer (no copy).
    public func append(_ body: (inout [UInt8]) -> Void) throws(OutputError) {
        body(&buffer)
        if buffer.count >= limit { try flush() }
    }

    public func flush() throws(OutputError) {
        let failure = buffer.withUnsafeBytes { writeFully(fd, $0) }
        buffer.removeAll(keepingCapacity: true)
        if failure == EPIPE { throw .closed }
        if failure != 0 { throw .failed(path: path, message: String(cString: strerror(failure))) }
    }
}

/// Writes every byte of `bytes` to `fd`, retrying interrupted and partial writes.
/// Returns 0, or the `errno` of the write that failed.
public func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    var off = 0
    while off < bytes.count {
        let n = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        off += n
    }
    return 0
}

/// Writes the first `count` bytes of `buffers`, taken one after another, with `writev` (one
/// system call where a loop of `write` would make one per buffer), retrying interrupted and
/// partial writes. Returns 0, or the `errno` of the write that failed.
public func writeFully(_ fd: Int32, _ buffers: [UnsafeRawBufferPointer], count: Int) -> Int32 {
    writeVectors(buffers, count: count) { v in
        Glibc.writev(fd, v.baseAddress!, Int32(Swift.min(v.count, 1024)))  // IOV_MAX on Linux (the macro is not imported)
    }
}

/// ``writeFully(_:_:count:)`` over any `writev`-like function (tests give one that takes a few
/// bytes at a time): it is called with the vectors still to write and returns how many bytes it
/// took, or -1 with `errno` set.
func writeVectors(_ buffers: [UnsafeRawBufferPointer], count: Int, _ writev: (UnsafeBufferPointer<iovec>) -> Int) -> Int32 {
    var vectors: [iovec] = []
    var left = count
    for b in buffers where left > 0 && b.count > 0 {
        let n = Swift.min(left, b.count)
        vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress!), iov_len: n))
        left -= n
    }
    var first = 0
    while first < vectors.count {
        let n = vectors[first...].withUnsafeBufferPointer { writev($0) }
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        // Past the buffers written whole; into the one written in part.
        var done = n
        while first < vectors.count && done >= vectors[first].iov_len {
            done -= vectors[first].iov_len
            first += 1
        }
        if done > 0 {
            vectors[first].iov_base = vectors[first].iov_base! + done
            vectors[first].iov_len -= done
        }
    }
    return 0
}

/// Writes a line to standard error immediately (diagnostics and ledgers), with the characters a
/// terminal would act on made visible (``TerminalSafe``): messages quote untrusted input.
/// `control` goes first as it is: the caller's own terminal control (clearing a progress line).
public func printError(_ line: String, control: String = "") {
    var s = control + TerminalSafe.visible(line)
    if !s.hasSuffix("\n") { s += "\n" }
    _ = s.withUTF8 { writeFully(2, UnsafeRawBufferPointer($0)) }
}
