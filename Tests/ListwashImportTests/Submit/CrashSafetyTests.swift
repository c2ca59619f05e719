import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// kill -9 at many points, re-run, and every batch ends up imported exactly once, except one
/// that was in flight at a kill, which may be imported twice (DESIGN §5).
@Suite(.serialized)
struct CrashSafetyTests {
    /// Starts the real binary and kills it with SIGKILL once `ready()` says so (checked every
    /// 2 ms, after `extraDelay`), unless it ends first. Killing on observed activity rather than
    /// on a timer keeps the kill points spread over the run however loaded the machine is.
    static func runAndKill(_ args: [String], output: String, extraDelay: Double,
                           ready: () async throws -> Bool) async throws -> (killed: Bool, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PackagePaths.executable)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["AC_API_TOKEN"] = testToken
        p.environment = env
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? out.close() }  // closing a log file: nothing to lose
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning, Date() < deadline, !(try await ready()) {
            try await Task.sleep(nanoseconds: 3_000_000)
        }
        if extraDelay > 0 { try await Task.sleep(nanoseconds: UInt64(extraDelay * 1e9)) }
        let killed = p.isRunning
        if killed { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return (killed, p.terminationStatus)
    }

    @Test func killNineAtManyPointsThenRerunImportsEveryBatchOnce() async throws {
        let sandbox = try await RunningSandbox.start { $0.latency = 0.005...0.03 }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        let batches = (1...16).map { emails("kill\($0)", 11) }
        try writeBatchFolder(dir, batches)
        let args = ["submit", dir] + fastFlags(sandbox)

        // Kill after 1 to 5 new API requests reach the sandbox, plus 0 to 9 ms: before, during
        // and after sends and polls.
        var inFlight: [String: Int] = [:]
        var kills = 0
        var outputs: [String] = []
        for i in 0..<14 {
            let log = tmp.path + "/run-\(i).log"
            let before = await sandbox.state.answeredRequests()
            let target = before + 1 + i % 5
            let r = try await Self.runAndKill(args, output: log, extraDelay: Double(i * 7 % 10) / 1000) {
                await sandbox.state.answeredRequests() >= target
            }
            outputs.append(log)
            if !r.killed {
                #expect(r.status == 0)
                break
            }
            kills += 1
            if FileManager.default.fileExists(atPath: dir + "/ledger.sqlite") {
                for row in try SubmitLedger(path: dir + "/ledger.sqlite").batches() where row.state == .sending {
                    inFlight[row.file, default: 0] += 1
                }
                // The checker command holds the ledger consistent after every kill.
                let check = try await runListwash(["status", dir, "--check"])
                #expect(check.status == 0, "after kill \(kills): \(check.stderr)")
            }
        }
        // Then to the end.
        var final: RunResult?
        for _ in 0..<3 {
            let r = try await runListwash(args, environment: ["AC_API_TOKEN": testToken])
            final = r
            if r.status == 0 { break }
        }
        #expect(final?.status == 0, "\(final?.stderr ?? "")")
        #expect(kills >= 5, "the runs finished before enough kills; kill points need to be earlier")

        let imported = try await sandbox.importedBatches()
        let ledger = try SubmitLedger(path: dir + "/ledger.sqlite")
        let rows = try ledger.batches()
        #expect(rows.allSatisfy { $0.state == .completed })
        for (b, emails) in batches.enumerated() {
            let file = String(format: "batch-%05d.json", b + 1)
            let times = imported.filter { $0.first == emails[0] }.count
            #expect(times >= 1, "\(file) was never imported")
            #expect(times <= 1 + (inFlight[file] ?? 0), "\(file) imported \(times) times, in flight at \(inFlight[file] ?? 0) kills")
            // Every re-send is recorded in the ledger.
            let row = try #require(rows.first { $0.file == file })
            #expect(row.resends >= times - 1)
        }
        let finalCheck = try await runListwash(["status", dir, "--check"])
        #expect(finalCheck.status == 0, "\(finalCheck.stderr)")
        #expect(finalCheck.stdout.contains("ledger consistent: 16 batches (16 completed)"))
        let contacts = try await sandbox.contacts()
        #expect(contacts.count == 16 * 11)
        let results = try jsonLines(dir + "/results.jsonl")
        #expect(results.count == 16 * 11)
        for log in outputs { #expect(!(try String(contentsOfFile: log, encoding: .utf8)).contains(testToken)) }
    }

    @Test func aBatchLeftSendingIsSentAgainAndThatIsRecorded() async throws {
        let sandbox = try await RunningSandbox.start()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        let files = try writeBatchFolder(dir, [emails("left", 12), emails("right", 12)])
        // Simulate a run that died mid-request on the first batch.
        let ledger = try SubmitLedger(path: dir + "/ledger.sqlite")
        try ledger.bind(target: URL(string: sandbox.baseURL)!.absoluteString)
        try ledger.plan(try BatchFolder.read(dir), route: .bulk)
        let first = try #require(try ledger.batches().first { $0.file == files[0] })
        try ledger.markSending(first.id, resend: nil)

        let r = try await submit(dir, sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("batch-00001.json: sent again"))
        let events = try ledger.events()
        #expect(events.contains { $0.kind == "resent" && $0.batch == first.id })
        #expect(try ledger.batch(first.id)?.resends == 1)
        #expect(try ledger.batch(first.id)?.attempts == 2)
    }

    @Test func aLedgerForAnotherTargetIsRefused() async throws {
        let sandbox = try await RunningSandbox.start()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("target", 12)])
        let ledger = try SubmitLedger(path: dir + "/ledger.sqlite")
        try ledger.bind(target: "https://acme.api-us1.com")
        let r = try await submit(dir, sandbox)
        #expect(r.status == 1)
        #expect(r.stderr.contains("records a submission to 'https://acme.api-us1.com'"))
    }
}
