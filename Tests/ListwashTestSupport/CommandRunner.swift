import Foundation

/// The result of running the `listwash` executable.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutBytes: Data
}

/// Runs the real `listwash` binary (STYLE §1: tests run the real binary in a temp dir).
public enum Listwash {
    /// Runs `listwash args...` with `stdin` as standard input, in `directory`.
    public static func run(_ args: [String], stdin: Data = Data(), directory: String? = nil,
                           environment: [String: String] = [:]) throws -> CommandResult {
        try runProcess(PackagePaths.executable, args, stdin: stdin, directory: directory, environment: environment)
    }

    /// Runs a shell command line (`/bin/sh -c`), with `listwash` on PATH.
    public static func shell(_ line: String, stdin: Data = Data(), directory: String? = nil,
                             environment: [String: String] = [:]) throws -> CommandResult {
        var env = environment
        let bin = (PackagePaths.executable as NSString).deletingLastPathComponent
        env["PATH"] = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try runProcess("/bin/sh", ["-c", line], stdin: stdin, directory: directory, environment: env)
    }

    static func runProcess(_ exe: String, _ args: [String], stdin: Data, directory: String?, environment: [String: String]) throws -> CommandResult {
        // Standard streams go through temporary files, not pipes: pipe reads on this platform's
        // Foundation can fail on EINTR when another test's child exits, and files never block.
        let scratch = NSTemporaryDirectory() + "listwash-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inPath = scratch + "/stdin", outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        try stdin.write(to: URL(fileURLWithPath: inPath))
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let inHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? inHandle.close(); try? outHandle.close(); try? errHandle.close() }
        p.standardInput = inHandle
        p.standardOutput = outHandle
        p.standardError = errHandle
        try p.run()
        p.waitUntilExit()
        let out = FileManager.default.contents(atPath: outPath) ?? Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return CommandResult(status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: err, as: UTF8.self), stdoutBytes: out)
    }
}

/// A fresh temporary directory, removed by the caller with `remove()`.
public struct TemporaryDirectory {
    public let path: String
    public init() throws {
        path = NSTemporaryDirectory() + "listwash-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    public func write(_ name: String, _ text: String) throws -> String {
        let p = path + "/" + name
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let p = path + "/" + name
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
