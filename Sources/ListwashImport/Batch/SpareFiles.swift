#if canImport(Glibc)
import Glibc
#endif

/// The earlier run's files in a batch directory, kept under hidden names so that this run can
/// write its files into their inodes instead of creating new ones.
///
/// Why: re-running into the same directory (the usual case) used to delete 3,334 request files
/// and create as many, and on ext4 creating an inode right after deleting thousands makes the
/// kernel search its bitmaps for one not `recently_deleted`: 2.6 s of system time for the
/// 1M-row benchmark, more than writing the data. Taking an old file over (rename it to the new
/// temporary name, truncate, write, rename into place) keeps every guarantee of
/// ``BatchDirectory``: a file still appears under its name complete or not at all, and the
/// earlier run's files are gone from their names before anything is written. Spares no file
/// took are removed before the manifest is written; a run killed before leaves them hidden
/// (`.listwash-spare-PID-N`), and the next run's ``BatchDirectory/prepare()`` takes them over.
final class SpareFiles {
    private static let prefix = ".listwash-spare-"
    private var paths: [String] = []

    /// Whether `name` is a spare's name.
    static func isSpareName(_ name: String) -> Bool { name.hasPrefix(prefix) }

    /// Renames `path` to a new spare name in `directory`; false when the rename fails.
    func hide(_ path: String, in directory: String) -> Bool {
        let spare = directory + "/" + Self.prefix + String(getpid()) + "-" + String(paths.count)
        guard rename(path, spare) == 0 else { return false }
        paths.append(spare)
        return true
    }

    /// Renames a spare to `temporaryPath` (which the caller then opens with `O_TRUNC`); does
    /// nothing when none is left or the rename fails (the caller creates a new file).
    func reuse(as temporaryPath: String) {
        while let spare = paths.popLast() {
            if rename(spare, temporaryPath) == 0 { return }
            unlink(spare)
        }
    }

    /// Removes every spare not taken.
    func removeAll() {
        for p in paths { unlink(p) }
        paths.removeAll()
    }

    deinit { removeAll() }
}
