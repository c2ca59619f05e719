import Foundation
import ListwashCore
import ListwashSandbox
import Testing

/// The sandbox answers as ac-bulk-import-api.md says the importer does.
struct SandboxTests {
    static func contacts(_ n: Int, prefix: String = "s") -> String {
        "{\"contacts\":[" + (1...n).map { "{\"email\":\"\(prefix)\($0)@example.org\"}" }.joined(separator: ",") + "]}"
    }

    func post(_ s: RunningSandbox, _ body: String, token: String? = testToken) async throws -> (status: Int, json: JSONValue) {
        try await s.request("POST", "/api/3/import/bulk_import", body: body, token: token)
    }

    @Test func aWrongOrMissingTokenIsRefused() async throws {
        let s = try await RunningSandbox.start()
        #expect(try await post(s, Self.contacts(2), token: nil).status == 403)
        #expect(try await post(s, Self.contacts(2), token: "nope").status == 403)
    }

    @Test func moreThan250ContactsOrBytesOverTheLimitAreNotQueued() async throws {
        let s = try await RunningSandbox.start()
        let many = try await post(s, Self.contacts(251))
        #expect(many.status == 400)
        #expect(many.json["message"]?.stringValue?.contains("250") == true)
        let pad = String(repeating: "x", count: 400_000)
        let big = try await post(s, "{\"contacts\":[{\"email\":\"a@example.org\",\"first_name\":\"\(pad)\"}]}")
        #expect(big.status == 400)
        #expect(big.json["message"]?.stringValue?.contains("399999") == true)
        #expect(try await post(s, Self.contacts(250)).status == 200)
    }

    @Test func invalidContactsGetFailureReasonObjectsWith0BasedIndexes() async throws {
        let s = try await RunningSandbox.start()
        let r = try await post(s, #"{"contacts":[{"email":"ok@example.org"},{"email":"bad@@example.org"},{"first_name":"x"}]}"#)
        #expect(r.status == 400)
        #expect(r.json["success"]?.intValue == 0)
        let reasons = r.json["failureReasons"]?.arrayValue ?? []
        #expect(reasons.map { $0["contact"]?.intValue } == [1, 2])
        #expect(reasons.first?["failureReason"]?.stringValue == "Field 'email' incorrect format")
        #expect(reasons.last?["failureReason"]?.stringValue == "Field 'email' is required")
        #expect(try await s.get("/_sandbox/imports").json["imports"]?.arrayValue?.isEmpty == true)
    }

    @Test func statusMovesFromFalseThroughTheStepsToCompleted() async throws {
        // Steps long enough that a poll lands in most of them on a loaded 2-core machine (each
        // poll is a whole HTTP round trip), polled until completed or 30 s have passed.
        let s = try await RunningSandbox.start { $0.statusStep = 0.75 }
        let queued = try await post(s, Self.contacts(3))
        #expect(queued.status == 200)
        #expect(queued.json["queued_contacts"]?.intValue == 3)
        let id = try #require(queued.json["batchId"]?.stringValue)
        var seen: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let info = try await s.get("/api/3/import/info?batchId=\(id)", token: testToken).json
            let status = info["status"]?.text ?? "?"
            if seen.last != status { seen.append(status) }
            if status == "completed" {
                #expect(info["success"]?.arrayValue?.count == 3)
                break
            }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        // In order, whatever the machine's load made the polls miss.
        let order = ["false", "waiting", "claimed", "active", "completed"]
        let positions = seen.compactMap { order.firstIndex(of: $0) }
        #expect(positions.count == seen.count)
        #expect(positions == positions.sorted())
        #expect(seen.last == "completed")
        #expect(seen.count >= 3)
        let missing = try await s.get("/api/3/import/info", token: testToken)
        #expect(missing.status == 400)
        #expect(missing.json["message"]?.stringValue == "'batchId' is a required field.")
    }

    @Test func overviewGroupsOutstandingAndCompletedByDayWithStringNumbers() async throws {
        let s = try await RunningSandbox.start { $0.statusStep = 10 }
        let id = try #require(try await post(s, Self.contacts(4)).json["batchId"]?.stringValue)
        // Within the first step the status is the boolean false.
        #expect(try await s.get("/api/3/import/info?batchId=\(id)", token: testToken).json["status"] == .bool(false))
        let r = try await s.get("/api/3/import/bulk_import", token: testToken)
        #expect(r.status == 200)
        let outstanding = try #require(r.json["outstanding"]?.arrayValue?.first)
        #expect(outstanding["batches"] == .string("1"))
        #expect(outstanding["contacts"] == .string("4"))
        #expect(r.json["recentlyCompleted"]?.arrayValue?.isEmpty == true)
    }

    /// The batch's import info once it has completed, polled for up to 30 s (a loaded machine
    /// answers slowly; a fixed number of short polls gave up too early there).
    private static func completedInfo(_ s: RunningSandbox, batch id: String) async throws -> JSONValue {
        var info = JSONValue.null
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            info = try await s.get("/api/3/import/info?batchId=\(id)", token: testToken).json
            if info["status"]?.stringValue == "completed" { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return info
    }

    @Test func exclusionsAreSkippedAndReportedAsFailuresAndContactsAreUpsertedByEmail() async throws {
        let s = try await RunningSandbox.start {
            $0.exclusions = ExclusionEntry.parse(file: "# account list\nbegins:no-reply\n@spam.example.org\nexact@example.org\n")
            // Not a test of the per-second limit: `completedInfo` polls every 10 ms, and with the
            // limit on, the import posted right after those polls was refused (429) whenever
            // the first import took more than a few polls to complete (a loaded machine).
            $0.requestsPerSecond = 0
        }
        let body = #"{"contacts":[{"email":"Jane@Example.org","first_name":"Jane","tags":["a"]},{"email":"no-reply@x.org"},{"email":"z@spam.example.org"},{"email":"exact@example.org"}]}"#
        let id = try #require(try await post(s, body).json["batchId"]?.stringValue)
        var info = JSONValue.null
        info = try await Self.completedInfo(s, batch: id)
        #expect(info["failure"]?.arrayValue?.compactMap(\.stringValue) == ["no-reply@x.org", "z@spam.example.org", "exact@example.org"])
        let again = try #require(try await post(s, #"{"contacts":[{"email":"jane@example.org","last_name":"Doe","tags":["b"]},{"email":"k@example.org"}]}"#).json["batchId"]?.stringValue)
        info = try await Self.completedInfo(s, batch: again)
        #expect(info["success"]?.arrayValue?.count == 1)  // only k@ was created; jane@ was updated
        let contacts = try await s.contacts()
        #expect(contacts.count == 2)
        let jane = try #require(contacts["jane@example.org"])
        #expect(jane["first_name"]?.stringValue == "Jane")
        #expect(jane["last_name"]?.stringValue == "Doe")
        #expect(jane["tags"] == .array([.string("a"), .string("b")]))
        #expect(jane["imports"]?.intValue == 2)
    }

    @Test func ratesOverTheLimitGetTheDocumentedAnswer() async throws {
        let s = try await RunningSandbox.start {
            $0.minute = 60
            $0.importsPerMinute = 2
        }
        #expect(try await post(s, Self.contacts(2)).status == 200)
        #expect(try await post(s, Self.contacts(2)).status == 200)
        let third = try await post(s, Self.contacts(2))
        #expect(third.status == 400)
        #expect(third.json["message"]?.stringValue == "Rate limit exceeded.")
        #expect(third.json["failureReasons"]?.arrayValue?.first?.stringValue?.hasPrefix("Up to 2 imports") == true)
        #expect(try await s.counters()["rate_limited"]?.intValue == 1)
    }

    @Test func injectedFaultsAnswer5xxOrDropTheConnection() async throws {
        let s = try await RunningSandbox.start {
            $0.failRate = 0.5
            $0.dropRate = 0.3
            $0.requestsPerSecond = 0
        }
        var statuses: [Int] = []
        var dropped = 0
        for _ in 0..<30 {
            do { statuses.append(try await post(s, Self.contacts(2)).status) } catch { dropped += 1 }
        }
        #expect(dropped > 0)
        #expect(statuses.contains { $0 >= 500 })
        #expect(statuses.contains(200))
        #expect(try await s.counters()["dropped"]?.intValue == dropped)
    }
}
