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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { out = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        inPipe.fileHandleForWriting.write(stdin)
        try? inPipe.fileHandleForWriting.close()
        group.wait()
        p.waitUntilExit()
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
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
