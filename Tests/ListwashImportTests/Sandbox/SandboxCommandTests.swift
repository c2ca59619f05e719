import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ListwashCore
import ListwashTestSupport
import Testing

/// `listwash sandbox` as a user starts it: a rehearsal of a submit against the real binary.
struct SandboxCommandTests {
    @Test func theSandboxCommandServesARehearsalOfASubmit() async throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let exclusions = try tmp.write("exclusions.txt", "ends:@blocked.example.org\n")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PackagePaths.executable)
        p.arguments = ["sandbox", "--port", "0", "--token-env", "SANDBOX_TOKEN", "--db", tmp.path + "/contacts.sqlite",
                       "--exclusions", exclusions, "--status-step-ms", "20"]
        var env = ProcessInfo.processInfo.environment
        env["SANDBOX_TOKEN"] = testToken
        p.environment = env
        let errPath = tmp.path + "/sandbox.err"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer {
            p.terminate()
            p.waitUntilExit()
        }
        // "listwash sandbox: listening on http://127.0.0.1:PORT"
        var text = ""
        for _ in 0..<500 where !text.contains("\n") {
            try await Task.sleep(nanoseconds: 10_000_000)
            text = try String(contentsOfFile: errPath, encoding: .utf8)
        }
        let base = try #require(text.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(base.hasPrefix("http://127.0.0.1:"))

        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("cli", 11) + ["z@blocked.example.org"]])
        let r = try await runListwash(["submit", dir, "--base-url", base, "--poll-interval", "0.05", "--no-progress"],
                                 environment: ["AC_API_TOKEN": testToken])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("created 11"))
        #expect(r.stderr.contains("ac_import_failed 1"))

        let (data, _) = try await URLSession.shared.data(from: URL(string: base + "/_sandbox/contacts")!)
        let contacts = try JSONValue.parse([UInt8](data))["contacts"]?.arrayValue ?? []
        #expect(contacts.count == 11)
        #expect(!text.contains(testToken))
    }
}
