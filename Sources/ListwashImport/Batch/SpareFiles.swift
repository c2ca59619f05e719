import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The earlier run's files in a batch directory, kept under hidden names so that this run can
/// write its files into their inodes instead of creating new ones.
///
/// Why: re-running into the same directory (the usual case) used to delete 3,334 request files
/// and create as many, and on ext4 creating an inode right after deleting thousands makes the
/// kernel search its bitmaps for one not `recently_deleted`: 2.6 s of system time for the
/// 1M-row benchmark, more than writing the data. Taking an old file over (write over it under
/// its spare name, cut it to length, rename into place) keeps every guarantee of
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

    /// A spare to write a new file into, under its spare name (a hidden name like a temporary
    /// file's, which ``BatchDirectory/prepare()`` also takes over or removes), or nil, leaving
    /// the caller to create a new file, when none is left. Written in place rather than renamed
    /// to the file's own temporary name first: one rename fewer per file, of the three that
    /// were 4 % of `listwash run`'s time on the 1M-row benchmark.
    ///
    /// Only a file that a new one would be indistinguishable from is taken over: a regular file
    /// (truncating a symbolic link would truncate its target), with no other hard link (a
    /// backup made with `cp -al` must keep its contents), owned by this user, with the
    /// permissions a new file gets. Any other spare is removed, as the earlier run's files
    /// always were.
    func take() -> String? {
        while let spare = paths.popLast() {
            var st = stat()
            if let mode = Self.newFileMode, lstat(spare, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
               st.st_nlink == 1, st.st_uid == geteuid(), st.st_mode & 0o7777 == mode {
                return spare
            }
            unlink(spare)
        }
        return nil
    }

    /// The permission bits of a file created with mode 0644 under this process's umask, read
    /// from `/proc/self/status` (reading the umask with umask(2) would change it for a moment,
    /// under other threads); nil where that line is missing, and then no spare is reused.
    static let newFileMode: mode_t? = {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("Umask:") else { continue }
            let digits = text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let mask = mode_t(digits, radix: 8) else { return nil }
            return 0o644 & ~mask
        }
        return nil
    }()

    /// Removes every spare not taken.
    func removeAll() {
        for p in paths { unlink(p) }
        paths.removeAll()
    }

    deinit { removeAll() }
}
