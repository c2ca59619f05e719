import Foundation
import ListwashCore
import ListwashImport
import ListwashSandbox
import ListwashTestSupport
import Testing

/// What a re-run does with the batches an earlier run left behind.
struct ResumeTests {
    static func posts(_ sandbox: RunningSandbox) async throws -> [JSONValue] {
        (try await sandbox.get("/_sandbox/requests").json["requests"]?.arrayValue ?? [])
            .filter { $0["path"]?.stringValue == "/api/3/import/bulk_import" && $0["method"]?.stringValue == "POST" }
    }

    @Test func aRerunResumesPollingQueuedBatchesWithoutSendingThemAgain() async throws {
        // Statuses move slowly; the first run gives up polling after 0.1 s. A step of 1 s (a
        // batch completes 3 to 4 s after it arrived): with 0.3 s, a first run slowed down by a
        // loaded machine (the whole suite on two cores) saw its first batch complete.
        let sandbox = try await RunningSandbox.start { $0.statusStep = 1.0 }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("slow", 12), emails("slower", 12)])

        let first = try await submit(dir, sandbox, ["--poll-timeout", "0.1"])
        #expect(first.status == 1)
        #expect(first.stderr.contains("still being imported; run the same command again to resume polling"))
        #expect(try SubmitLedger(path: dir + "/ledger.sqlite").batches().allSatisfy { $0.state == .queued })
        #expect(try await Self.posts(sandbox).count == 2)

        let second = try await submit(dir, sandbox)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try await Self.posts(sandbox).count == 2)
        #expect(try await sandbox.contacts().count == 24)
    }

    @Test func failedBatchesStayFailedUnlessRetryFailedIsGiven() async throws {
        // One import per 5-second minute at the server; the client's "minute" is 10 ms, so it
        // waits out 60 rate-limit answers within the server's one minute and the second batch
        // fails (a rate-limit answer is not an attempt; waiting them out is what is bounded).
        let sandbox = try await RunningSandbox.start {
            $0.minute = 5
            $0.importsPerMinute = 1
        }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("once", 12), emails("twice", 12)])

        let first = try await submit(dir, sandbox, [], minuteMs: 10)
        #expect(first.status == 1)
        #expect(first.stderr.contains("still rate limited after 60 waits"), "\(first.stderr)")
        let status = try await runListwash(["status", dir])
        #expect(status.stdout.contains("failed 1"))
        let sent = try await Self.posts(sandbox).count
        #expect(sent == 1 + 61)  // the first batch, and the second refused 61 times

        let plain = try await submit(dir, sandbox, [], minuteMs: 10)
        #expect(plain.status == 1)
        #expect(try await Self.posts(sandbox).count == sent)

        // Waits out the server's minute (5 s) once, then the batch goes through.
        let retried = try await submit(dir, sandbox, ["--retry-failed"], minuteMs: 5000)
        #expect(retried.status == 0, "\(retried.stderr)")
        let imported = try await sandbox.importedBatches()
        #expect(imported.count == 2)
        #expect(try await sandbox.contacts().values.allSatisfy { $0["imports"]?.intValue == 1 })
        let events = try SubmitLedger(path: dir + "/ledger.sqlite").events()
        #expect(events.contains { $0.kind == "retry" })
    }
}

/// The importer's own terminal statuses.
struct ImporterFailureTests {
    @Test func aBatchTheImporterFailsIsFailedWithItsContactsAsRejects() async throws {
        let sandbox = try await RunningSandbox.start { $0.importFailRate = 1 }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("doomed", 12)])
        let r = try await submit(dir, sandbox)
        #expect(r.status == 1)
        #expect(r.stderr.contains("failed 1"))
        let row = try #require(try SubmitLedger(path: dir + "/ledger.sqlite").batches().first)
        #expect(row.state == .failed)
        #expect(row.lastError == "the importer reported 'failed'")
        let rejects = try jsonLines(dir + "/submit-rejects.jsonl")
        #expect(rejects.count == 12)
        #expect(rejects.allSatisfy { $0["_reject"]?["code"]?.stringValue == "ac_import_failed" })
        #expect(rejects.first?["_src"]?["file"]?.stringValue == "crm.csv")
        // Not refused for itself: the batch failed, and --retry-failed sends it again.
        let reason = rejects.first?["_reject"]?["reason"]?.stringValue ?? ""
        #expect(reason.hasSuffix("ended 'failed' without importing the contact; 'listwash submit --retry-failed' sends the batch again"), "\(reason)")
        // Five warned one by one, the rest in one line; every contact is still in the equation.
        #expect(r.stderr.components(separatedBy: ": reject ac_import_failed: ").count - 1 == 5)
        #expect(r.stderr.contains("batch-00001.json: 7 more ac_import_failed rejects in this batch"))
        #expect(r.stderr.contains("submit: in 12 = out 0 + rejected 12 (ac_import_failed 12)"))
        #expect(r.stderr.contains("--retry-failed' sends it again"))
    }
}
