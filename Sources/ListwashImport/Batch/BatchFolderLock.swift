#if canImport(Glibc)
import Glibc
#endif

/// One writer of a batch folder at a time, and no writer while the folder is being sent: an
/// `flock` on the folder itself (no lock file is left in it), exclusive for `batch` (and `run`
/// and `audit`, which write batches), shared for `submit`. The kernel releases it when the
/// process ends, even killed, so a stale lock never blocks the next run.
///
/// Two `batch` runs into one folder at once (two terminals, an overlapping cron job) hid each
/// other's files as spares and renamed over them: one failed with "cannot rename into place",
/// and the folder could end with a manifest listing files the other had replaced. A `batch`
/// while `submit` sent the folder rewrote the requests under it.
final class BatchFolderLock {
    enum Mode { case write, send }

    private var descriptor: Int32

    /// What ``take(_:mode:)`` found.
    enum Outcome {
        case held(BatchFolderLock)
        /// Another process holds the lock in a way that excludes the mode asked for.
        case busy
        /// The folder cannot be opened to lock it (then nothing can write into it either).
        case notLockable
    }

    /// Takes the lock on `folder` without waiting.
    static func take(_ folder: String, mode: Mode) -> Outcome {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return .notLockable }
        guard flock(fd, (mode == .write ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(fd)
            return .busy
        }
        return .held(BatchFolderLock(descriptor: fd))
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Gives the lock up now (the process goes on: `run` sends the folder it has written).
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
