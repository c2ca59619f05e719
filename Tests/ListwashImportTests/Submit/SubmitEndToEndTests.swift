import Foundation
import ListwashCore
import ListwashImport
import ListwashSandbox
import ListwashTestSupport
import Testing

/// `listwash submit` (the real binary) against the sandbox over loopback.
@Suite(.serialized)
struct SubmitEndToEndTests {
    @Test func cleanImportCompletesEveryBatchAndARerunSendsNothing() async throws {
        let sandbox = try await RunningSandbox.start { $0.exclusions = [ExclusionEntry(kind: .exact, text: "clean-7@example.org")] }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("clean", 20), emails("more", 20), emails("last", 15)])

        let r = try await submit(dir, sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("submit: batches 3 (completed 3)"))
        #expect(r.stderr.contains("submit: in 55 = out 54 + rejected 1 (ac_import_failed 1)\n"))
        let contacts = try await sandbox.contacts()
        #expect(contacts.count == 54)
        #expect(contacts.values.allSatisfy { $0["imports"]?.intValue == 1 })
        #expect(try await sandbox.importedBatches().count == 3)

        let results = try jsonLines(dir + "/results.jsonl")
        #expect(results.count == 55)
        #expect(results.filter { $0["outcome"]?.stringValue == "created" }.count == 54)
        let rejects = try jsonLines(dir + "/submit-rejects.jsonl")
        #expect(rejects.count == 1)
        #expect(rejects.first?["email"]?.stringValue == "clean-7@example.org")
        #expect(rejects.first?["_reject"]?["code"]?.stringValue == "ac_import_failed")
        #expect(rejects.first?["_src"]?["line"]?.intValue == 8)

        // A second run skips the completed batches by sha256: no new import request.
        let before = try await sandbox.get("/_sandbox/requests").json["requests"]?.arrayValue?.count ?? 0
        let again = try await submit(dir, sandbox)
        #expect(again.status == 0, "\(again.stderr)")
        let after = try await sandbox.get("/_sandbox/requests").json["requests"]?.arrayValue?.count ?? 0
        #expect(after == before)

        let status = try await runListwash(["status", dir])
        #expect(status.status == 0)
        #expect(status.stdout.contains("batch-00002.json"))
        #expect(status.stdout.contains("completed 3"))
    }

    @Test func updatedContactsAreToldApartFromCreatedOnes() async throws {
        let sandbox = try await RunningSandbox.start()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try writeBatchFolder(tmp.path + "/a", [emails("mix", 12)])
        #expect(try await submit(tmp.path + "/a", sandbox).status == 0)
        try writeBatchFolder(tmp.path + "/b", [emails("mix", 6) + emails("new", 6)])
        let r = try await submit(tmp.path + "/b", sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        let results = try jsonLines(tmp.path + "/b/results.jsonl")
        let byEmail = Dictionary(uniqueKeysWithValues: results.map { ($0["email"]!.stringValue!, $0["outcome"]!.stringValue!) })
        #expect(byEmail["mix-3@example.org"] == "updated")
        #expect(byEmail["new-3@example.org"] == "created")
        #expect(results.filter { $0["outcome"]?.stringValue == "updated" }.count == 6)
    }

    @Test func validationFailureIsMappedToFileAndLineAndTheRestIsResentOnce() async throws {
        let sandbox = try await RunningSandbox.start()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        var batch = emails("val", 14)
        batch[2] = "val-3@@example.org"
        batch[9] = "no-domain@"
        try writeBatchFolder(dir, [batch])

        let r = try await submit(dir, sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("crm.csv:4: reject ac_validation_failed"))
        let rejects = try jsonLines(dir + "/submit-rejects.jsonl")
        #expect(rejects.map { $0["_src"]?["line"]?.intValue } == [4, 11])
        #expect(rejects.allSatisfy { $0["_reject"]?["code"]?.stringValue == "ac_validation_failed" })
        #expect(rejects.first?["_reject"]?["reason"]?.stringValue?.contains("Field 'email' incorrect format") == true)
        let contacts = try await sandbox.contacts()
        #expect(contacts.count == 12)
        // One refused request, then one new request with the 12 others.
        let posts = (try await sandbox.get("/_sandbox/requests").json["requests"]?.arrayValue ?? [])
            .filter { $0["path"]?.stringValue == "/api/3/import/bulk_import" && $0["method"]?.stringValue == "POST" }
        #expect(posts.map { $0["status"]?.intValue } == [400, 200])
        #expect(posts.last?["contacts"]?.intValue == 12)
    }

    @Test func oneBasedFailureIndexesAreCaughtAndTheBatchIsRevalidatedLocally() async throws {
        let sandbox = try await RunningSandbox.start { $0.failureIndexBase = 1 }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        var batch = emails("base", 12)
        batch[4] = "base-5@example"
        try writeBatchFolder(dir, [batch])

        let r = try await submit(dir, sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        // Index 5 (1-based) names the fifth contact, not the sixth: the reject is record 5, line 6.
        let rejects = try jsonLines(dir + "/submit-rejects.jsonl")
        #expect(rejects.map { $0["email"]?.stringValue } == ["base-5@example"])
        #expect(rejects.first?["_src"]?["line"]?.intValue == 6)
        #expect(try await sandbox.contacts().count == 11)
        #expect(try await runListwash(["status", dir]).stdout.contains("re-validated locally"))
    }

    @Test func thirtyPercentFaultsLoseAndDoubleNoBatch() async throws {
        let sandbox = try await RunningSandbox.start {
            $0.failRate = 0.2
            $0.dropRate = 0.1
            $0.seed = 7
        }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        let batches = (1...10).map { emails("fault\($0)", 12) }
        try writeBatchFolder(dir, batches)

        let r = try await submit(dir, sandbox, ["--max-attempts", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        let counters = try await sandbox.counters()
        #expect((counters["faults"]?.intValue ?? 0) + (counters["dropped"]?.intValue ?? 0) > 3)
        let contacts = try await sandbox.contacts()
        #expect(contacts.count == 120)
        #expect(contacts.values.allSatisfy { $0["imports"]?.intValue == 1 })
        let imported = try await sandbox.importedBatches()
        #expect(imported.count == 10)
        #expect(Set(imported.map { $0.first ?? "" }) == Set(batches.map { $0[0] }))
    }

    @Test func rateLimitsAreNeverExceeded() async throws {
        // A 1-second "minute": 10 multi-contact and 2 single-contact imports per minute at most.
        let sandbox = try await RunningSandbox.start {
            $0.minute = 1
            $0.importsPerMinute = 10
            $0.singleImportsPerMinute = 2
        }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, (1...22).map { emails("rate\($0)", 11) } + (1...4).map { ["single\($0)@example.org"] })

        let r = try await submit(dir, sandbox, ["--imports-per-minute", "10", "--single-imports-per-minute", "2"], minuteMs: 1000)
        #expect(r.status == 0, "\(r.stderr)")
        let counters = try await sandbox.counters()
        #expect(counters["rate_limited"]?.intValue == 0)
        #expect((counters["imports_max_per_minute"]?.intValue ?? 99) <= 10)
        #expect((counters["single_imports_max_per_minute"]?.intValue ?? 99) <= 2)
        #expect((counters["requests_max_per_second"]?.intValue ?? 99) <= 5)
        #expect(try await sandbox.importedBatches().count == 26)
    }

    @Test(arguments: [400, 429])
    func rateLimitAnswersOfEitherShapeAreHonoured(_ shape: Int) async throws {
        let sandbox = try await RunningSandbox.start {
            $0.minute = 1
            $0.importsPerMinute = 3
            $0.rateLimitStatus = shape
        }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, (1...8).map { emails("shape\(shape)-\($0)", 11) })

        // The client paces for 100 a minute, so the server has to say so. Each answer is
        // waited out for the minute it asks (a "minute" is 1 s here), and is not an attempt:
        // two attempts are enough. (The 400 shape was retried within 20-200 ms by the backoff,
        // refused again and again, and the batches failed when their attempts ran out.)
        let r = try await submit(dir, sandbox, ["--max-attempts", "2"], minuteMs: 1000)
        #expect(r.status == 0, "\(r.stderr)")
        // Without a terminal (no progress line) each wait is said, so a minute of silence does not read as a hang.
        #expect(r.stderr.contains(": note: batch-0000"), "\(r.stderr)")
        #expect(r.stderr.contains(": rate limited by the server; waiting ") && r.stderr.contains(" s before sending again"), "\(r.stderr)")
        let counters = try await sandbox.counters()
        #expect((counters["rate_limited"]?.intValue ?? 0) > 0)
        #expect((counters["rate_limited"]?.intValue ?? 99) <= 8)
        #expect(try await sandbox.importedBatches().count == 8)
        let contacts = try await sandbox.contacts()
        #expect(contacts.values.allSatisfy { $0["imports"]?.intValue == 1 })
        let status = try await runListwash(["status", dir])
        #expect(status.stdout.contains("rate_limited: Rate limit exceeded."))
    }

    @Test func tenOrFewerContactsGoThroughContactSync() async throws {
        let sandbox = try await RunningSandbox.start()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("small", 3)], contactExtra: { _ in #","tags":["vip"],"subscribe":[{"listid":3}],"fields":[{"id":12,"value":"gold"}]"# })

        let refused = try await submit(dir, sandbox, ["--no-small-route"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[small_import_refused]"))
        #expect(try await sandbox.contacts().isEmpty)

        let r = try await submit(dir, sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        let contacts = try await sandbox.contacts()
        #expect(contacts.count == 3)
        let c = try #require(contacts["small-2@example.org"])
        #expect(c["tags"] == .array([.string("vip")]))
        #expect(c["lists"]?["3"]?.stringValue == "active")
        #expect(c["fields"]?.arrayValue?.first?["value"]?.stringValue == "gold")
        let paths = (try await sandbox.get("/_sandbox/requests").json["requests"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
        #expect(paths.filter { $0 == "/api/3/contact/sync" }.count == 3)
        #expect(!paths.contains("/api/3/import/bulk_import"))
        #expect(try jsonLines(dir + "/results.jsonl").allSatisfy { $0["outcome"]?.stringValue == "created" })
    }

    /// The contacts API has no company and no exclude_automations: a small folder carrying
    /// either goes through the bulk importer, which keeps them, and says why.
    @Test func aSmallFolderWithACompanyGoesInBulk() async throws {
        let sandbox = try await RunningSandbox.start()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, [emails("acct", 2)], extra: #","exclude_automations":true"#,
                             contactExtra: { _ in #","customer_acct_name":"Acme Corp""# })
        let r = try await submit(dir, sandbox)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("the contacts API would drop customer_acct_name, exclude_automations"))
        let paths = (try await sandbox.get("/_sandbox/requests").json["requests"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
        #expect(paths.contains("/api/3/import/bulk_import"))
        #expect(!paths.contains("/api/3/contact/sync"))
        #expect(try await sandbox.contacts().count == 2)
    }

    @Test func theTokenAppearsInNoOutputLogLedgerOrReport() async throws {
        let sandbox = try await RunningSandbox.start { $0.failRate = 0.2 }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        var b = emails("tok", 12)
        b[1] = "broken@"
        try writeBatchFolder(dir, [b, emails("tok2", 11)])
        var outputs: [String] = []
        let r = try await submit(dir, sandbox, ["--stats", tmp.path + "/stats.json"])
        #expect(r.status == 0, "\(r.stderr)")
        outputs += [r.stdout, r.stderr]
        let status = try await runListwash(["status", dir])
        outputs += [status.stdout, status.stderr]
        // A refused token: the error names the problem, not the value.
        try writeBatchFolder(tmp.path + "/other", [emails("other", 12)])
        let wrong = try await runListwash(["submit", tmp.path + "/other"] + fastFlags(sandbox), environment: ["AC_API_TOKEN": testToken + "x"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("[unauthorized]"))
        outputs += [wrong.stdout, wrong.stderr]
        // From a token file too.
        let tokenFile = try tmp.write("token.txt", testToken + "\n")
        let fromFile = try await runListwash(["submit", tmp.path + "/other", "--token-file", tokenFile] + fastFlags(sandbox), environment: ["AC_API_TOKEN": ""])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        outputs += [fromFile.stdout, fromFile.stderr]

        for text in outputs { #expect(!text.contains(testToken)) }
        let files = try FileManager.default.subpathsOfDirectory(atPath: tmp.path).filter { $0 != "token.txt" }
        #expect(files.contains("out/ledger.sqlite"))
        for f in files {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: tmp.path + "/" + f, isDirectory: &isDir), !isDir.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: tmp.path + "/" + f))
            #expect(data.range(of: Data(testToken.utf8)) == nil, "token found in \(f)")
        }
        let log = try await sandbox.get("/_sandbox/requests").json.text
        #expect(!log.contains(testToken))
    }

    @Test func callbacksArriveWithParamsHeadersAndDetailedResults() async throws {
        let sandbox = try await RunningSandbox.start { $0.exclusions = [ExclusionEntry(kind: .ends, text: "@blocked.example.org")] }
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let sink = sandbox.baseURL + "/_sandbox/callback-sink"
        let post = #","callback":{"url":"\#(sink)","requestType":"POST","detailed_results":"true","params":[{"key":"run","value":"42"}],"headers":[{"key":"X-Run","value":"r42"}]}"#
        try writeBatchFolder(tmp.path + "/post", [emails("cb", 11) + ["x@blocked.example.org"]], extra: post)
        #expect(try await submit(tmp.path + "/post", sandbox).status == 0)
        let get = #","callback":{"url":"\#(sink)","requestType":"GET","params":[{"key":"run","value":"43"}]}"#
        try writeBatchFolder(tmp.path + "/get", [emails("cbg", 11)], extra: get)
        #expect(try await submit(tmp.path + "/get", sandbox).status == 0)

        var received: [JSONValue] = []
        // Up to 30 s: callbacks are sent after the import completes, later on a loaded machine.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            received = try await sandbox.get("/_sandbox/callbacks").json["received"]?.arrayValue ?? []
            if received.count >= 2 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let p = try #require(received.first { $0["method"]?.stringValue == "POST" })
        #expect(p["body"]?["run"]?.stringValue == "42")
        #expect(p["body"]?["failed"]?.intValue == 1)
        #expect(p["body"]?["failures"]?.arrayValue?.first?["email"]?.stringValue == "x@blocked.example.org")
        #expect(p["headers"]?["x-run"]?.stringValue == "r42")
        let g = try #require(received.first { $0["method"]?.stringValue == "GET" })
        #expect(g["uri"]?.stringValue?.contains("run=43") == true)
    }
}
