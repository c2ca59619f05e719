#if canImport(Glibc)
import Glibc
#endif
import ListwashCore

/// The lines of an exclusion file, read in large blocks straight into one buffer and split with
/// `memchr`: no copy per line and no array per read, because a suppression list can have tens
/// of millions of lines and loading it is on the clock (issue #9: 10 million entries in
/// seconds). Lines end at LF; a CR before the LF is dropped; a last line without LF counts.
///
/// ``ListwashCore/LineReader`` does the same for the record stream, but copies each block into
/// its buffer and shifts the buffer for each one; here a block is read in place.
struct ExclusionFileLines {
    static let blockSize = 8 << 20
    let path: String
    private let fd: Int32

    /// Opens `path`; the error is the system's message.
    init(path: String) throws(InputError) {
        self.path = path
        let d = open(path, O_RDONLY | O_CLOEXEC)
        guard d >= 0 else { throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        if fstat(d, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(d)
            throw InputError(path: path, message: "is a directory, not a file")
        }
        fd = d
        _ = posix_fadvise(d, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    /// Calls `body` with each whole line of the file's first megabyte, and returns the factor
    /// that scales a count over those lines to the whole file (its size over the bytes seen);
    /// nil for a file that cannot be sized, such as a pipe.
    func sample(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Double? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(Swift.min(Int64(1 << 20), Int64(st.st_size)))
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        let got = pread(fd, buffer, size, 0)
        guard got > 0 else { return nil }
        var start = 0
        while start < got, let hit = memchr(buffer + start, 0x0A, got - start) {
            let nl = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            body(UnsafeBufferPointer(start: buffer + start, count: nl - start))
            start = nl + 1
        }
        return Double(st.st_size) / Double(Swift.max(start, 1))
    }

    /// Calls `body` with each line's bytes (without the line ending), then closes the file.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(InputError) {
        defer { close(fd) }
        var capacity = Self.blockSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        while true {
            if filled == capacity {
                // One line longer than the block: grow (rare, and bounded by the longest line).
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(path: path, message: "read failed: \(String(cString: strerror(errno)))")
            }
            let end = filled + n
            var start = 0
            while start < end, let hit = memchr(buffer + start, 0x0A, end - start) {
                let nl = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var stop = nl
                if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
                body(UnsafeBufferPointer(start: buffer + start, count: stop - start))
                start = nl + 1
            }
            if n == 0 {
                if start < end {
                    var stop = end
                    if buffer[stop - 1] == 0x0D { stop -= 1 }
                    body(UnsafeBufferPointer(start: buffer + start, count: stop - start))
                }
                return
            }
            // Keep the unfinished line at the front of the buffer.
            filled = end - start
            if filled > 0 && start > 0 { memmove(buffer, buffer + start, filled) }
        }
    }
}
