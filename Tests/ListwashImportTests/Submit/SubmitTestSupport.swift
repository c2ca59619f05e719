import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Crypto
import ListwashCore
import ListwashImport
import ListwashSandbox
import ListwashTestSupport

/// The token every submit test uses; tests search outputs for it literally.
let testToken = "tok-9F2C-do-not-print-7781"

/// A sandbox served from this test process on a free loopback port (port 0, read back).
final class RunningSandbox: Sendable {
    let server: SandboxServer
    let port: Int
    let task: Task<Void, any Error>
    var state: SandboxState { server.state }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(server: SandboxServer, port: Int, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.task = task
    }

    /// Starts a sandbox with fast test defaults: 20 ms status steps, a 3-second "minute".
    static func start(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> RunningSandbox {
        var c = SandboxConfiguration(token: testToken)
        c.port = 0
        c.statusStep = 0.02
        c.minute = 3
        c.seed = 42
        configure(&c)
        let server = try SandboxServer(c)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { port in continuation.yield(port) } }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else { throw TestFailure("the sandbox did not start") }
        return RunningSandbox(server: server, port: port, task: task)
    }

    /// GETs a path of the sandbox and parses the JSON answer.
    func get(_ path: String, token: String? = nil) async throws -> (status: Int, json: JSONValue) {
        try await request("GET", path, token: token)
    }

    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil) async throws -> (status: Int, json: JSONValue) {
        var r = URLRequest(url: URL(string: baseURL + path)!)
        r.httpMethod = method
        if let token { r.setValue(token, forHTTPHeaderField: "Api-Token") }
        if let body { r.httpBody = Data(body.utf8); r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: r)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try JSONValue.parse([UInt8](data)))
    }

    /// Every contact the sandbox holds, by email.
    func contacts() async throws -> [String: JSONValue] {
        let all = try await get("/_sandbox/contacts").json["contacts"]?.arrayValue ?? []
        var out: [String: JSONValue] = [:]
        for c in all { if let e = c["email"]?.stringValue { out[e] = c } }
        return out
    }

    /// Accepted imports: their emails in order.
    func importedBatches() async throws -> [[String]] {
        (try await get("/_sandbox/imports").json["imports"]?.arrayValue ?? []).map { i in
            (i["emails"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
    }

    func counters() async throws -> JSONValue {
        try await get("/_sandbox/requests").json["counters"] ?? .null
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Writes a batch folder as `listwash batch` does: `batch-0000N.json`, `batch-0000N.src.jsonl`
/// (one `_src` per contact, in order) and `manifest.json`. Contact k of the whole folder comes
/// from `crm.csv` record k, line k + 1.
@discardableResult
func writeBatchFolder(_ dir: String, _ batches: [[String]], extra: String = "", contactExtra: (String) -> String = { _ in "" }) throws -> [String] {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var record = 0
    var manifest: [String] = []
    var names: [String] = []
    for (b, emails) in batches.enumerated() {
        let name = String(format: "batch-%05d", b + 1)
        var contacts: [String] = []
        var src = ""
        for e in emails {
            record += 1
            contacts.append("{\"email\":\"\(e)\",\"first_name\":\"N\(record)\"\(contactExtra(e))}")
            src += "{\"_src\":{\"file\":\"crm.csv\",\"record\":\(record),\"line\":\(record + 1)}}\n"
        }
        let body = "{\"contacts\":[" + contacts.joined(separator: ",") + "]" + extra + "}"
        try Data(body.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name).json"))
        try Data(src.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name).src.jsonl"))
        let sha = SHA256.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined()
        manifest.append("{\"file\":\"\(name).json\",\"contacts\":\(emails.count),\"bytes\":\(body.utf8.count),\"sha256\":\"\(sha)\"}")
        names.append(name + ".json")
    }
    let m = "{\"files\":[" + manifest.joined(separator: ",") + "],\"contacts\":\(record)}"
    try Data(m.utf8).write(to: URL(fileURLWithPath: "\(dir)/manifest.json"))
    return names
}

/// `n` distinct addresses `prefix-i@example.org`.
func emails(_ prefix: String, _ n: Int) -> [String] { (1...n).map { "\(prefix)-\($0)@example.org" } }

/// The flags that make a submit run fast against a test sandbox (same 3-second "minute").
/// The request timeout is long on purpose: the sandbox runs in the test process, which a full
/// parallel test run on 2 cores can stall for more than 30 s; a request timed out then is sent
/// again (correctly: it is ambiguous), and tests that count imports saw a batch imported twice.
/// The sandbox's dropped connections fail at once, so no test waits for this timeout.
func fastFlags(_ sandbox: RunningSandbox, minuteMs: Int = 3000) -> [String] {
    ["--base-url", sandbox.baseURL, "--minute-ms", String(minuteMs), "--poll-interval", "0.02",
     "--backoff-base-ms", "20", "--backoff-max-ms", "200", "--timeout", "300", "--no-progress"]
}

/// Runs the real `listwash submit` binary with the test token in the environment.
func submit(_ dir: String, _ sandbox: RunningSandbox, _ extra: [String] = [], minuteMs: Int = 3000) async throws -> RunResult {
    try await runListwash(["submit", dir] + fastFlags(sandbox, minuteMs: minuteMs) + extra, environment: ["AC_API_TOKEN": testToken])
}

/// Runs the real binary like `Listwash.run`, but waits on a GCD thread, not on the cooperative
/// pool (two threads here: blocking them would starve the in-process sandbox the child talks
/// to), and collects output through files rather than pipes (a blocking pipe read can die of
/// EINTR when another test's child exits).
func runListwash(_ args: [String], environment: [String: String] = [:]) async throws -> RunResult {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<RunResult, any Error>) in
        DispatchQueue.global().async {
            c.resume(with: Result { try runListwashBlocking(args, environment: environment) })
        }
    }
}

private func runListwashBlocking(_ args: [String], environment: [String: String]) throws -> RunResult {
    let base = NSTemporaryDirectory() + "listwash-run-" + UUID().uuidString
    let outPath = base + ".out", errPath = base + ".err"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outPath)  // temporary capture files
        try? FileManager.default.removeItem(atPath: errPath)
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: PackagePaths.executable)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // A watchdog: a child that never ends (once seen on a machine running two full test
    // suites at once: submit children spinning in URLSession while the in-process sandbox was
    // starved) fails its test after ten minutes instead of holding the whole run.
    let pid = p.processIdentifier
    let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + 600, execute: watchdog)
    p.waitUntilExit()
    watchdog.cancel()
    try out.close()
    try err.close()
    let stdout = try Data(contentsOf: URL(fileURLWithPath: outPath))
    var stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
    if p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL { stderr += "\n(killed by the test's watchdog after 600 s)" }
    return RunResult(status: p.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: stderr)
}

/// Lines of a JSON Lines file, parsed.
func jsonLines(_ path: String) throws -> [JSONValue] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
}

/// What a run of the binary left: exit status and both outputs.
struct RunResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}
