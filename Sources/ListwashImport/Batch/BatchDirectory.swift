import Foundation
import ListwashCore
#if canImport(Glibc)
import Glibc
#endif

/// The output directory of a batch run. Every file appears under its name complete or not at
/// all: it is written under a hidden temporary name (`.batch-00001.json.tmp-PID`, or the spare
/// name of the earlier run's file it is written into, `.listwash-spare-PID-N`) and renamed, so
/// `submit` (or a person) never sees half a request. With `fsync` the data also reaches the
/// disk before the rename; without it a rename is atomic for readers and a killed process, not
/// for a power loss.
///
/// A run removes the earlier `manifest.json` before it writes anything and writes its own last,
/// so a folder with request files and no manifest is a run that did not finish (killed, or a
/// write failed): readers should refuse it rather than send what is there.
struct BatchDirectory {
    let path: String
    let fsync: Bool
    /// The earlier run's files, hidden under spare names, that this run writes its own into.
    let spares = SpareFiles()
    /// The folder's lock (``BatchFolderLock``), taken by ``prepare()``, given up by
    /// ``releaseLock()`` once the manifest is written.
    private let lock = LockSlot()

    /// Holds the lock for the copies of this value (the writer's and its rejects output's).
    private final class LockSlot { var held: BatchFolderLock? }

    init(path: String, fsync: Bool) {
        self.path = path
        self.fsync = fsync
    }

    /// Creates the directory and removes the outputs of an earlier run (request files,
    /// `manifest.json`, `rejects.jsonl`, stale temporary files), so the directory only ever holds
    /// one run's batches and a manifest never describes files it did not write.
    func prepare() throws(BatchWriteError) {
        if let problem = Self.makeDirectories(path) {
            throw .directory(path: path, message: "cannot create the directory: \(problem)")
        }
        if lock.held == nil {
            switch BatchFolderLock.take(path, mode: .write) {
            case .held(let l): lock.held = l
            case .busy: throw .busy(path: path)
            case .notLockable: break
            }
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw .directory(path: path, message: "cannot list the directory: \(Self.reason(error))")
        }
        for name in names where Self.isOutput(name) {
            // The earlier run's files leave their names now but keep their inodes for this
            // run's files (``SpareFiles``); one that cannot be renamed is removed.
            let old = self.path + "/" + name
            if spares.hide(old, in: self.path) { continue }
            if unlink(old) != 0 && errno != ENOENT {
                throw .directory(path: old, message: "cannot remove the earlier run's file: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Removes the spare files no file of this run took (before the manifest is written).
    func removeSpares() { spares.removeAll() }

    /// Gives up the folder's lock: the run is written (`run` then sends it).
    func releaseLock() {
        lock.held?.release()
        lock.held = nil
    }

    /// Whether `name` is a file a batch run writes: `batch-NNNNN.json`, `batch-NNNNN.src.jsonl`,
    /// `manifest.json`, `rejects.jsonl`, `rejects.csv`, or a temporary file of one of these.
    static func isOutput(_ name: String) -> Bool {
        if name == "manifest.json" || name == "rejects.jsonl" || name == "rejects.csv" { return true }
        if SpareFiles.isSpareName(name) { return true }
        if isBatchFileName(name) { return true }
        guard name.hasPrefix("."), let tmp = name.range(of: ".tmp-") else { return false }
        let base = String(name[name.index(after: name.startIndex)..<tmp.lowerBound])
        return base == "manifest.json" || base == "rejects.jsonl" || base == "rejects.csv" || isBatchFileName(base)
    }

    /// `batch-` + at least five digits + `.json` or `.src.jsonl`.
    static func isBatchFileName(_ name: String) -> Bool {
        guard name.hasPrefix("batch-") else { return false }
        let rest = name.dropFirst(6)
        let digits: Substring
        if rest.hasSuffix(".src.jsonl") { digits = rest.dropLast(10) } else if rest.hasSuffix(".json") { digits = rest.dropLast(5) } else { return false }
        return digits.count >= 5 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `batch-00001` for 1 (five digits, more past 99,999): the stem of a request file and its source map.
    static func batchStem(_ number: Int) -> String {
        let digits = String(number)
        return "batch-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Writes `chunks` one after another to `name`, atomically.
    func write(_ name: String, _ chunks: [[UInt8]]) throws(BatchWriteError) {
        let file = try TemporaryFile(directory: self, name: name)
        for c in chunks { try file.write(c) }
        try file.commit()
    }

    /// `mkdir -p`: creates `path` and its missing parents. Returns nil, or what went wrong with
    /// which component (`'out' exists and is not a directory`, `permission denied at 'a/b'`).
    /// Written with mkdir(2) rather than FileManager, whose Linux errors say only
    /// "the operation could not be completed".
    static func makeDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if mkdir(prefix, 0o755) == 0 { continue }
            let failure = errno
            var st = stat()
            if stat(prefix, &st) == 0 {
                if (st.st_mode & S_IFMT) == S_IFDIR { continue }
                return "'\(prefix)' exists and is not a directory"
            }
            return "\(String(cString: strerror(failure))) at '\(prefix)'"
        }
        return nil
    }

    /// Removes a file of this run that must not stay (its companion could not be written).
    func remove(_ name: String) { unlink(path + "/" + name) }

    static func reason(_ error: any Error) -> String {
        if let e = error as? CocoaError, let u = e.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        return (error as NSError).localizedDescription
    }
}
