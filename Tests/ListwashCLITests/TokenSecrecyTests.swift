import Foundation
import Testing
import ListwashTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10 and DESIGN §10: the API token never appears in any output of any command that
/// touches it (`submit`, `run`, `status`, `audit`, `lint`; `listwash --help` lists the rest,
/// which never see a token), nor in any file they write (ledger, results, rejects, stats, audit
/// reports), nor in error messages; a token file others can read gets a warning with the fix.
/// A real `listwash sandbox` process is the server. (`SubmitEndToEndTests` covers `submit` and
/// `status` in depth; this suite covers every command.)
@Suite(.serialized)
struct TokenSecrecyTests {
    static let token = "tok-CLI-5e3a-never-print-0042"

    static let contacts: String = "Email,First Name\n" + (1...14).map { "secret\($0)@example.com,N\($0)\n" }.joined() + "broken@,X\n"

    @Test func theTokenAppearsInNoOutputOrFileOfAnyCommand() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sandbox = try SandboxProcess(token: Self.token, directory: dir.path)
        defer { sandbox.stop() }
        _ = try dir.write("in.csv", Self.contacts)
        let tokenFile = try dir.write("secrets/token.txt", Self.token + "\n")
        let submitBlock = "  base_url: \(sandbox.baseURL)\n  poll_interval: 0.05\n  timeout: 20\n"
        _ = try dir.write("env.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out-env\nsubmit:\n\(submitBlock)  token_env: LW_SECRET\n")
        _ = try dir.write("file.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out-file\nsubmit:\n\(submitBlock)  token_file: secrets/token.txt\n")
        _ = try dir.write("wrong.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out-wrong\nsubmit:\n\(submitBlock)  token_env: LW_WRONG\n  max_attempts: 1\n")
        let env = ["LW_SECRET": Self.token, "AC_API_TOKEN": Self.token, "LW_WRONG": Self.token + "-x"]
        let fast = ["--base-url", sandbox.baseURL, "--poll-interval", "0.05", "--no-progress", "--timeout", "300"]

        var outputs: [(String, CommandResult)] = []
        func run(_ args: [String], expect status: Int32) throws {
            let r = try Listwash.run(args, directory: dir.path, environment: env)
            #expect(r.status == status, "\(args): \(r.stderr)")
            outputs.append((args.joined(separator: " "), r))
        }
        chmod(tokenFile, 0o600)
        try run(["lint", "env.yaml"], expect: 0)
        try run(["lint", "file.yaml"], expect: 0)
        try run(["audit", "env.yaml", "--json", "audit.json", "--html", "audit.html"], expect: 0)
        try run(["run", "env.yaml", "--stats", "run-stats.json"], expect: 0)
        try run(["run", "file.yaml"], expect: 0)
        try run(["status", "out-env"], expect: 0)
        try run(["submit", "out-env", "--stats", "submit-stats.json"] + fast, expect: 0)  // resumes: nothing to send
        try run(["submit", "out-file", "--token-file", "secrets/token.txt"] + fast, expect: 0)
        try run(["status", "out-file"], expect: 0)
        // Refused and broken tokens: the errors name the problem, never a value.
        try run(["run", "wrong.yaml"], expect: 1)
        _ = try dir.write("dry.yaml", "version: 1\ninputs:\n  - path: in.csv\nbatch:\n  out: out-new\n")
        try run(["run", "dry.yaml", "--dry-run"], expect: 0)
        try run(["submit", "out-new", "--token-env", "LW_WRONG", "--max-attempts", "1"] + fast, expect: 1)
        try run(["submit", "out-env", "--token-file", "secrets/missing.txt"] + fast, expect: 64)
        #expect(outputs.last?.1.stderr.contains("secrets/missing.txt") == true)

        for (command, r) in outputs {
            #expect(!r.stdout.contains(Self.token) && !r.stderr.contains(Self.token), "the token was printed by 'listwash \(command)'")
        }
        #expect(outputs.contains { $0.0 == "run wrong.yaml" && $0.1.stderr.contains("[unauthorized]") }, "\(outputs.map(\.1.stderr))")
        let written = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("secrets") }
        #expect(written.contains("out-env/ledger.sqlite") && written.contains("out-file/ledger.sqlite") && written.contains("audit.html"))
        for f in written {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path + "/" + f, isDirectory: &isDir), !isDir.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + f))
            #expect(data.range(of: Data(Self.token.utf8)) == nil, "the token was written to \(f)")
        }
        let results = try String(contentsOfFile: dir.path + "/out-env/results.jsonl", encoding: .utf8)
        #expect(results.components(separatedBy: "\"outcome\":\"created\"").count - 1 == 14, "\(results)")
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func aTokenFileOthersCanReadGetsAWarningWithTheFix(_ mode: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let tokenFile = try dir.write("token.txt", Self.token + "\n")
        chmod(tokenFile, mode_t(mode))
        _ = try dir.write("out/manifest.json", "{\"files\":[],\"contacts\":0}")
        // Port 9 (discard) refuses the connection: the warning comes before any request.
        let r = try Listwash.run(["submit", "out", "--token-file", "token.txt", "--base-url", "http://127.0.0.1:9",
                                  "--max-attempts", "1", "--timeout", "2", "--no-progress"], directory: dir.path)
        let octal = String(mode, radix: 8)
        #expect(r.stderr.contains("listwash: warning: other users have access to token file 'token.txt' (mode \(octal)) [token_file_permissions]"), "\(r.stderr)")
        #expect(r.stderr.contains("fix: chmod 600 'token.txt'"))
        #expect(!r.stderr.contains(Self.token) && !r.stdout.contains(Self.token))
    }

    @Test func aPrivateTokenFileGetsNoWarning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let tokenFile = try dir.write("token.txt", Self.token + "\n")
        chmod(tokenFile, 0o600)
        _ = try dir.write("out/manifest.json", "{\"files\":[],\"contacts\":0}")
        let r = try Listwash.run(["submit", "out", "--token-file", "token.txt", "--base-url", "http://127.0.0.1:9",
                                  "--max-attempts", "1", "--timeout", "2", "--no-progress"], directory: dir.path)
        #expect(!r.stderr.contains("[token_file_permissions]"), "\(r.stderr)")
    }
}

/// `listwash sandbox --port 0` as a child process; the port is read from its first stderr line.
final class SandboxProcess {
    let process = Process()
    let baseURL: String
    private let logPath: String

    init(token: String, directory: String) throws {
        logPath = directory + "/sandbox-stderr.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: PackagePaths.executable)
        process.arguments = ["sandbox", "--port", "0", "--token-env", "SANDBOX_TOKEN", "--status-step-ms", "20"]
        var env = ProcessInfo.processInfo.environment
        env["SANDBOX_TOKEN"] = token
        process.environment = env
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var url: String?
        for _ in 0..<600 {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let r = log.range(of: "listening on ") {
                url = String(log[r.upperBound...].prefix { !$0.isNewline })
                break
            }
            usleep(50_000)
        }
        guard let url else {
            process.terminate()
            throw SandboxDidNotStart(log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
        }
        baseURL = url
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    struct SandboxDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "the sandbox did not start: \(log)" }
    }
}
