import Foundation
import Testing
import ListwashTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10: disk and OS faults end a run with one clear error line naming the path and a
/// non-zero status, and never leave a request file that was not fully written (or a manifest
/// listing one). Tests run as root in CI, where `chmod` does not make a directory unwritable, so
/// "not writable" is a path whose parent is a regular file; "disk full" is standard output on
/// `/dev/full`, a file-size limit (`ulimit -f`, always run) and, where `mount` is permitted, a
/// small tmpfs.
struct DiskFaultTests {
    /// `n` live records in the record contract, from `in.csv` record k, line k + 1.
    static func records(_ n: Int, rejected: Int = 0, padding: Int = 0) -> String {
        var s = ""
        let pad = String(repeating: "p", count: padding)
        for k in 1...n {
            s += "{\"email\":\"user\(k)@example.com\",\"first_name\":\"First\(k)\(pad)\",\"_src\":{\"file\":\"in.csv\",\"record\":\(k),\"line\":\(k + 1)}}\n"
        }
        for j in 0..<rejected {
            let k = n + j + 1
            s += "{\"first_name\":\"Rejected\(k)\(pad)\",\"_src\":{\"file\":\"in.csv\",\"record\":\(k),\"line\":\(k + 1)},\"_reject\":{\"code\":\"email_missing\",\"stage\":\"normalize\",\"reason\":\"no email\"}}\n"
        }
        return s
    }

    /// What a failed batch run may leave: complete request files (each parses and has its map)
    /// and no manifest, no temporary file, no map without its request.
    static func expectNoPartialOutput(_ out: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(!names.contains("manifest.json"), "a failed run left a manifest: \(names)", sourceLocation: sourceLocation)
        #expect(!names.contains { $0.contains(".tmp-") }, "temporary files left: \(names)", sourceLocation: sourceLocation)
        for name in names where name.hasPrefix("batch-") && name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect((json?["contacts"] as? [Any])?.isEmpty == false, "\(name) is incomplete (\(data.count) bytes)", sourceLocation: sourceLocation)
        }
        for name in names where name.hasSuffix(".src.jsonl") {
            let request = String(name.dropLast(".src.jsonl".count)) + ".json"
            #expect(names.contains(request), "\(name) without \(request)", sourceLocation: sourceLocation)
        }
    }

    /// The error lines of stderr (the ledger and facts lines aside).
    static func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains("error:") }
    }

    // MARK: - output directory

    @Test(arguments: ["batch", "run"])
    func anOutputDirectoryThatCannotBeCreatedIsOneErrorLineNamingThePath(_ command: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.jsonl", Self.records(20))
        _ = try dir.write("blocker", "a regular file where a directory should be\n")
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: in.jsonl\nbatch:\n  out: blocker/out\n")
        let r = command == "batch"
            ? try Listwash.run(["batch", "-o", "blocker/out"], stdin: Data(Self.records(20).utf8), directory: dir.path)
            : try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first?.contains("'blocker/out': cannot create the directory: 'blocker' exists and is not a directory [output_failed]") == true, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/blocker/out"))
    }

    @Test func anOutputPathThatIsAFileIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("taken", "x\n")
        let r = try Listwash.run(["batch", "-o", "taken"], stdin: Data(Self.records(5).utf8), directory: dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("'taken': cannot create the directory: 'taken' exists and is not a directory [output_failed]"), "\(r.stderr)")
    }

    @Test(arguments: [["parse", "in.csv", "--stats", "blocker/stats.json"], ["audit", "p.yaml", "--json", "blocker/audit.json"]])
    func aReportFileThatCannotBeWrittenIsOneErrorLine(_ args: [String]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", "Email,First Name\njane@example.com,Jane\n")
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out\n")
        _ = try dir.write("blocker", "x\n")
        let r = try Listwash.run(args, directory: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1 && errors[0].hasPrefix("listwash: error: blocker/") && errors[0].hasSuffix("cannot create: Not a directory [output_failed]"), "\(r.stderr)")
    }

    // MARK: - disk full

    @Test(arguments: [
        "listwash parse in.csv > /dev/full",
        "listwash normalize < in.jsonl > /dev/full",
        "listwash run p.yaml --until normalize > /dev/full",
    ])
    func standardOutputOnAFullDeviceIsAClearError(_ line: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", "Email,First Name\njane@example.com,Jane\nbob@example.com,Bob\n")
        _ = try dir.write("in.jsonl", Self.records(3))
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out\n")
        let r = try Listwash.shell(line, directory: dir.path)
        #expect(r.status == 1, "\(line): status \(r.status)\n\(r.stderr)")
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1 && errors[0].contains("standard output: No space left on device [output_failed]"), "\(line): \(r.stderr)")
    }

    /// The file-size limit makes the first request file too large to write: EFBIG (not a
    /// SIGXFSZ death), one error line naming the file, no partial file left.
    @Test func aFileSizeLimitStopsTheBatchWithAClearErrorAndNoPartialFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // 600 contacts of ~270 bytes: each request file is over 60 KB; the limit is 16 KB
        // (`ulimit -f` counts 512-byte blocks in dash, 1024-byte ones in bash: at most 32 KB).
        _ = try dir.write("in.jsonl", Self.records(600, padding: 200))
        let r = try Listwash.shell("ulimit -f 32 && listwash batch -o out < in.jsonl", directory: dir.path)
        #expect(r.status == 1, "status \(r.status) (153 would be a SIGXFSZ death)\n\(r.stderr)")
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1 && errors[0].contains("'out/batch-00001") && errors[0].contains("File too large [output_failed]"), "\(r.stderr)")
        try Self.expectNoPartialOutput(dir.path + "/out")
    }

    /// Every request file fits, the rejects do not: the requests already written stay
    /// complete, and no manifest appears (a folder without one is an unfinished run).
    @Test func aLimitHitAfterTheBatchesLeavesCompleteRequestsAndNoManifest() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Requests of 100 contacts (~8 KB) fit under the limit; 400 rejects (~80 KB) do not.
        _ = try dir.write("in.jsonl", Self.records(300, rejected: 400, padding: 20))
        let r = try Listwash.shell("ulimit -f 32 && listwash batch -o out --max-contacts 100 --rejects-csv < in.jsonl", directory: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1 && errors[0].contains("'out/rejects.") && errors[0].contains("File too large"), "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")
        #expect(names.contains("batch-00001.json"), "\(names)")
        try Self.expectNoPartialOutput(dir.path + "/out")
    }

    /// A real full file system, where this machine lets tests mount one.
    @Test(.enabled(if: SmallTmpfs.canMount, "mount -t tmpfs is not permitted here (not root, or no CAP_SYS_ADMIN); the ulimit tests above cover the write failure"))
    func aFullFileSystemStopsTheBatchWithAClearErrorAndNoPartialFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mount = try SmallTmpfs(at: dir.path + "/disk", kilobytes: 96)
        defer { mount.unmount() }
        _ = try dir.write("in.jsonl", Self.records(3000, padding: 40))
        let r = try Listwash.shell("listwash batch -o disk/out < in.jsonl", directory: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1 && errors[0].contains("'disk/out/batch-") && errors[0].contains("No space left on device [output_failed]"), "\(r.stderr)")
        try Self.expectNoPartialOutput(dir.path + "/disk/out")
    }

    // MARK: - input truncated while read

    /// `listwash parse` writes into a pipe this test does not drain, so it blocks having read a
    /// few MB of a 13 MB file; the file is then cut to half, and the pipe drained. The parser
    /// must not treat the shortened file as complete.
    @Test func anInputTruncatedWhileBeingReadIsAnErrorNamingTheFileAndSizes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var text = "Email,First Name\n"
        text.reserveCapacity(14_000_000)
        for i in 0..<400_000 { text += "user\(i)@example.com,Name\(i)\n" }
        let path = try dir.write("big.csv", text)
        let size = text.utf8.count
        let run = try BlockedReader(args: ["parse", "big.csv"], directory: dir.path)
        try run.readSome()  // listwash has opened the file and produced its first output
        #expect(truncate(path, off_t(size / 2)) == 0)
        let (status, stdout, stderr) = try run.drain()
        #expect(status == 1, "status \(status)\n\(stderr)")
        #expect(stderr.contains("big.csv: error: the file shrank while it was being read: \(size) bytes when opened, \(size / 2) bytes now, only \(size / 2) read"), "\(stderr)")
        #expect(stderr.contains("[input_truncated]"))
        #expect(stdout > 0)
    }

    /// Standard input redirected from a regular file (`listwash normalize < big.jsonl`) is checked too.
    @Test func aTruncatedStandardInputFileIsDetected() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = Self.records(60_000)
        let path = try dir.write("big.jsonl", text)
        let size = text.utf8.count
        let run = try BlockedReader(args: ["normalize"], directory: dir.path, stdin: path)
        try run.readSome()
        #expect(truncate(path, off_t(size / 2)) == 0)
        let (status, _, stderr) = try run.drain()
        #expect(status == 1, "\(stderr)")
        #expect(stderr.contains("-: error: the file shrank while it was being read: \(size) bytes when opened, \(size / 2) bytes now"), "\(stderr)")
    }

    /// The same cut under `listwash run`: the run stops, no batch directory is completed.
    @Test func aPipelineRunStopsOnATruncatedInput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var text = "Email,First Name\n"
        for i in 0..<400_000 { text += "user\(i)@example.com,Name\(i)\n" }
        let path = try dir.write("big.csv", text)
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: big.csv\nbatch:\n  out: out\n")
        let run = try BlockedReader(args: ["run", "p.yaml", "--until", "normalize"], directory: dir.path)
        try run.readSome()
        #expect(truncate(path, off_t(text.utf8.count / 2)) == 0)
        let (status, _, stderr) = try run.drain()
        #expect(status == 1, "\(stderr)")
        #expect(stderr.contains("big.csv: error: the file shrank while it was being read") && stderr.contains("[input_truncated]"), "\(stderr)")
    }
}

/// A small tmpfs mounted for one test.
struct SmallTmpfs {
    let path: String

    /// Whether `mount -t tmpfs` works here (tried once on a scratch folder).
    static let canMount: Bool = {
        guard let probe = try? SmallTmpfs(at: NSTemporaryDirectory() + "listwash-mount-probe-\(getpid())", kilobytes: 16) else { return false }
        probe.unmount()
        return true
    }()

    init(at path: String, kilobytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw MountFailed(status: p.terminationStatus)
        }
    }

    func unmount() {
        _ = umount(path)
        try? FileManager.default.removeItem(atPath: path)
    }

    struct MountFailed: Error { var status: Int32 }
}

/// Runs `listwash` with standard output on a pipe the test reads only when told to, so the
/// process blocks on a full pipe. Reads use read(2) directly, retrying EINTR (see CommandRunner).
final class BlockedReader {
    let process = Process()
    let readEnd: Int32
    let stderrPath: String
    var received = 0

    init(args: [String], directory: String, stdin: String? = nil) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
        readEnd = fds[0]
        stderrPath = directory + "/stderr.txt"
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: PackagePaths.executable)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let writeHandle = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
        process.standardOutput = writeHandle
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.nullDevice
        try process.run()
        try writeHandle.close()  // the child holds its own copy
    }

    /// Blocks until the child has written something.
    func readSome() throws {
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(readEnd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            received += n
            return
        }
    }

    /// Reads to the end, waits for the child; returns its status, the stdout bytes and stderr.
    func drain() throws -> (Int32, Int, String) {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(readEnd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            received += n
        }
        close(readEnd)
        process.waitUntilExit()
        let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, received, err)
    }
}
