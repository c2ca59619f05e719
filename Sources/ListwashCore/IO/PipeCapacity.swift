#if canImport(Glibc)
import Glibc
#endif

/// Enlarges the kernel buffer of a pipe between two listwash processes.
///
/// A pipe holds 64 KiB by default, while the stage commands write and read 1 MiB at a time: a
/// writer then sat blocked in `write` until its reader had worked through most of the megabyte,
/// so in `parse | normalize | dedupe | exclude | batch` each process mostly waited for its
/// neighbour (the five-process pipe took 10.3 s of wall time for 11.3 s of CPU on two cores).
/// With a 1 MiB pipe a write returns as soon as the previous megabyte has been read, and
/// writer and reader work at the same time.
public enum PipeCapacity {
    /// The size asked for: Linux's default `/proc/sys/fs/pipe-max-size`, so no privilege is needed.
    public static let bytes: Int32 = 1 << 20

    /// Asks for a ``bytes`` buffer when `descriptor` is a pipe; anything else is left alone, and
    /// a refusal (a lower system limit, another system) changes nothing but the speed.
    /// - Returns: whether `descriptor` is a pipe.
    @discardableResult
    public static func enlarge(_ descriptor: Int32) -> Bool {
        var st = stat()
        guard fstat(descriptor, &st) == 0, (st.st_mode & S_IFMT) == S_IFIFO else { return false }
        #if os(Linux)
        // F_SETPIPE_SZ (1031) is behind _GNU_SOURCE in the C headers, so Glibc does not export it.
        _ = fcntl(descriptor, 1031, bytes)
        #endif
        return true
    }
}
