#if canImport(Glibc)
import Glibc
#endif
import ListwashCore

/// A file being written under a temporary name in a ``BatchDirectory``; `commit()` renames it
/// into place, `discard()` removes it.
///
/// No block of an earlier file is ever written in part. Why: this file is often an earlier
/// run's file taken over (``SpareFiles``) and written over in place, and ext4 reads a block
/// from disk before it writes part of it, when the block is not in the page cache. A request
/// file written as three pieces (prefix, body, suffix) cost two such synchronous reads, and
/// `rejects.jsonl`, written 64 KiB at a time, one per write: 26.8 MB read from disk by a re-run
/// of the 1M-row benchmark whose earlier output had left the page cache, the writing thread
/// waiting on each read (on a spinning or network disk, milliseconds each). So while earlier
/// content lies ahead, every write ends on a block boundary (the bytes past the last whole block
/// wait in `tail` until more arrive or `commit()`), and before the last, partial block is
/// written, the earlier file is cut where that block starts. Past the earlier file's end (and
/// for a new file) everything is written at once: holding a tail back there cost a second
/// `write` and a copy per file for nothing. That cut is one `ftruncate` per file (1.7 % of the re-run's
/// CPU when the earlier output is still cached); it costs no disk read, however slow the disk.
final class TemporaryFile {
    let finalPath: String
    let temporaryPath: String
    private let fsync: Bool
    private var fd: Int32
    /// The size of the earlier file taken over (``SpareFiles``), or 0 for a new file.
    private var oldSize = 0
    /// Bytes handed to the system so far (whole blocks while earlier content lies ahead).
    private(set) var written = 0
    /// Bytes after the last whole block, not written yet.
    private var tail: [UInt8] = []
    private(set) var blockSize = 4096

    init(directory: BatchDirectory, name: String) throws(BatchWriteError) {
        finalPath = directory.path + "/" + name
        fsync = directory.fsync
        let spare = directory.spares.take()
        let reused = spare != nil
        temporaryPath = spare ?? directory.path + "/." + name + ".tmp-\(getpid())"
        // An earlier file is written over from the start and cut to its new length at the end,
        // not truncated first: on ext4, a file truncated to zero and written again is flushed
        // to disk when it is closed (`auto_da_alloc`), and freeing then allocating its blocks
        // cost 8 % of `listwash run` re-run into the same folder.
        // O_NOFOLLOW: a name swapped for a symbolic link since it was checked or chosen is not
        // followed (truncating or writing a link's target); the open fails instead.
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (reused ? 0 : O_TRUNC), 0o644)
        if fd < 0 && reused {
            // The earlier file could not be opened for writing after all: a new one, then.
            unlink(temporaryPath)
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        } else if fd >= 0 && reused {
            var st = stat()
            if fstat(fd, &st) == 0 {
                oldSize = Int(st.st_size)
                if st.st_blksize > 0 && Int(st.st_blksize) % blockSize == 0 { blockSize = Int(st.st_blksize) }
            } else {
                oldSize = Int.max
            }
        }
        if fd < 0 { throw .write(path: finalPath, message: "cannot create: \(String(cString: strerror(errno)))") }
    }

    deinit { if fd >= 0 { discard() } }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws(BatchWriteError) { try write(CollectionOfOne(bytes)) }

    /// Appends `chunks` one after another: the whole blocks among the bytes waiting and these in
    /// one `writev`, the rest kept for the next write or `commit()`.
    func write(_ chunks: some Collection<[UInt8]>) throws(BatchWriteError) {
        var total = tail.count
        for c in chunks { total += c.count }
        var whole = total / blockSize * blockSize
        // Past the earlier file's end there is nothing to read back: all of it goes now. (Once
        // a write has ended mid-block, `written` is past `oldSize`, so the blocks stay aligned
        // for as long as earlier content lies ahead.)
        if oldSize <= written + whole { whole = total }
        if whole == 0 {
            for c in chunks { tail.append(contentsOf: c) }
            return
        }
        var parts: [[UInt8]] = tail.isEmpty ? [] : [tail]
        parts.append(contentsOf: chunks)
        let failure = withBuffers(parts[...], []) { writeFully(fd, $0, count: whole) }
        if failure != 0 { try fail("cannot write", failure) }
        written += whole
        // What did not fit in whole blocks waits: the end of the last chunks.
        var skip = whole
        var rest: [UInt8] = []
        rest.reserveCapacity(blockSize)
        for p in parts {
            if skip >= p.count { skip -= p.count; continue }
            rest.append(contentsOf: p[skip...])
            skip = 0
        }
        tail = rest
    }

    func commit() throws(BatchWriteError) {
        if !tail.isEmpty {
            // The earlier file is cut where the partial last block starts, so that block is
            // not read from disk to be half overwritten. Not to zero (see `init`): a file under
            // one block may still cost that one read.
            if oldSize > written && written > 0 {
                if ftruncate(fd, off_t(written)) != 0 { try fail("cannot cut to length", errno) }
                oldSize = written
            }
            let failure = tail.withUnsafeBytes { writeFully(fd, $0) }
            if failure != 0 { try fail("cannot write", failure) }
            written += tail.count
            tail = []
        }
        // What is left of a longer earlier file goes.
        if oldSize > written && ftruncate(fd, off_t(written)) != 0 { try fail("cannot cut to length", errno) }
        if fsync && Glibc.fsync(fd) != 0 { try fail("cannot flush to disk", errno) }
        close(fd)
        fd = -1
        if rename(temporaryPath, finalPath) != 0 {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .write(path: finalPath, message: "cannot rename into place: \(message)")
        }
    }

    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
    }

    private func fail(_ what: String, _ code: Int32) throws(BatchWriteError) -> Never {
        let message = String(cString: strerror(code))
        discard()
        throw .write(path: finalPath, message: "\(what): \(message)")
    }
}

/// Calls `body` with the bytes of every array in `arrays`, in order (each array's storage is
/// only valid inside its own `withUnsafeBytes`, hence the recursion; a request file has three).
private func withBuffers<R>(_ arrays: ArraySlice<[UInt8]>, _ done: [UnsafeRawBufferPointer],
                            _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
    guard let first = arrays.first else { return body(done) }
    return first.withUnsafeBytes { withBuffers(arrays.dropFirst(), done + [$0], body) }
}
