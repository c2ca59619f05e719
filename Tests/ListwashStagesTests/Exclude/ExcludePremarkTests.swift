import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

/// ``ExcludeStage/premark(_:)``: a check made ahead (on another thread in `listwash run`) lets
/// exclude pass a clean record at once, and never a record that changed since or was not clean.
struct ExcludePremarkTests {
    @Test func premarkedRecordsPassAndEverythingElseIsLookedUp() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", "gone@x.com\nprefix:test\n")
        let stage = try f.stage([("file", .scalar("ex.txt"))])
        var ahead = stage  // a copy, as the reading thread holds
        var records = emails(["ann@x.com", "gone@x.com", "test1@x.com", "bea@x.com"])
        for i in records.indices { ahead.premark(&records[i]) }
        #expect(records.map { $0.exclusionClearance != 0 } == [true, false, false, true])

        // Bea's address changes after the check: the mark goes with the change.
        records[3].email = "gone@x.com"
        #expect(records[3].exclusionClearance == 0)

        let (out, ledger) = runStage(stage, records)
        #expect(out.map { $0.reject?.code } == [nil, .excludedExact, .excludedPrefix, .excludedExact])
        #expect(ledger.isBalanced)
    }

    /// A chunk checked at once (how `listwash run` does it) is marked exactly as its records
    /// checked one by one: rejected records, missing emails, emails that fold to nothing,
    /// excluded, list-scoped and clean ones, in one chunk.
    @Test func aChunkIsMarkedAsItsRecordsOneByOne() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", "gone@x.com\nprefix:test\ndomain:spam.example\n")
        try f.write("scoped.txt", "list@x.com\n")
        let stage = try f.stage(items: [
            [("file", .scalar("ex.txt"))],
            [("file", .scalar("scoped.txt")), ("lists", listNode(["3"]))],
        ])
        var records = emails(["ann@x.com", " GONE@X.COM ", "test1@x.com", "bea@spam.example", "list@x.com", "  ", "Bea@Y.com"])
        records.append(ContactRecord.fixture(email: nil, record: 99))
        records.append(ContactRecord.fixture(email: "ann@x.com", record: 100).rejected(
            Reject(code: .emailInvalid, stage: "normalize", reason: "test")))
        var oneByOne = records, chunk = records
        var single = stage, whole = stage
        for i in oneByOne.indices { single.premark(&oneByOne[i]) }
        whole.premark(chunk: &chunk)
        let marks = chunk.map { $0.exclusionClearance != 0 }
        #expect(marks == oneByOne.map { $0.exclusionClearance != 0 })
        #expect(marks == [true, false, false, false, false, true, true, true, false])
    }

    @Test func anotherStagesMarkIsNotTrusted() throws {
        let f = try ExclusionFiles()
        try f.write("none.txt", "nobody@nowhere.example\n")
        try f.write("ex.txt", "gone@x.com\n")
        var lenient = try f.stage([("file", .scalar("none.txt"))])
        let strict = try f.stage([("file", .scalar("ex.txt"))])
        var records = emails(["gone@x.com"])
        lenient.premark(&records[0])
        #expect(records[0].exclusionClearance != 0)
        #expect(runStage(strict, records).out[0].reject?.code == .excludedExact)
    }

    @Test func theMarkIsNotPartOfTheRecord() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", "gone@x.com\n")
        var stage = try f.stage([("file", .scalar("ex.txt"))])
        let plain = ContactRecord.fixture(email: "ann@x.com", record: 1)
        var marked = plain
        stage.premark(&marked)
        #expect(marked.exclusionClearance != 0)
        #expect(marked == plain && marked.jsonLine == plain.jsonLine)
    }
}
