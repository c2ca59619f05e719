import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// Packing: the count and byte limits, the tail balance, repeated emails, oversized contacts.
struct BatchPackingTests {
    @Test func aSmallRunIsOneBatchAndWarnsThatItIsSmall() throws {
        let run = try BatchRun(contacts(3))
        defer { run.remove() }
        #expect(run.batchNames == ["batch-00001.json"])
        #expect(try run.emails() == ["c0@example.com", "c1@example.com", "c2@example.com"])
        #expect(run.plan.isSmallImport)
        #expect(run.plan.warnings.contains { $0.contains("only 3 contacts in all") })
    }

    @Test(arguments: [
        (250, [250]),
        (251, [240, 11]),
        (260, [249, 11]),
        (261, [250, 11]),
        (500, [250, 250]),
        (501, [250, 240, 11]),
        (750, [250, 250, 250]),
    ])
    func fullBatchesOf250WithTheTailBalanced(count: Int, expected: [Int]) throws {
        let run = try BatchRun(contacts(count))
        defer { run.remove() }
        #expect(try sizes(run) == expected)
        #expect(try run.emails() == contacts(count).map { $0.email! })
        #expect(run.plan.warnings.isEmpty)
    }

    @Test func maxContactsLowersTheCountLimit() throws {
        let run = try BatchRun(contacts(100), ["--max-contacts", "40"])
        defer { run.remove() }
        #expect(try sizes(run) == [40, 40, 20])
    }

    @Test func fatContactsArePackedToTheByteLimitExactly() throws {
        // ~3,000 bytes each: about 133 fit under 399,999 bytes, so bytes close each batch, not the count.
        let fat = (0..<400).map { i in
            ContactRecord.fixture(email: "fat\(i)@example.com", firstName: String(repeating: "n", count: 2_900 + i % 50), record: i + 1)
        }
        let run = try BatchRun(fat)
        defer { run.remove() }
        let files = try run.batchNames.map { try run.bytes($0) }
        #expect(files.count >= 3)
        for f in files { #expect(f.count <= 399_999) }
        for (i, e) in run.plan.batches.enumerated() { #expect(e.bytes == files[i].count) }
        // Greedy: each batch before the balanced tail was closed only because its next contact
        // did not fit. A contact's written size is its JSON text, known here exactly.
        let lengths = fat.map { "{\"email\":\"\($0.email!)\",\"first_name\":\"\($0.firstName!)\",\"tags\":[]}".utf8.count }
        let sizes = try sizes(run)
        var next = 0
        for (b, n) in sizes.enumerated() {
            next += n
            if b < sizes.count - 2 { #expect(files[b].count + 1 + lengths[next] > 399_999) }
        }
        #expect(sizes.last! > 10)
        #expect(try run.emails() == fat.map { $0.email! })
    }

    @Test func aContactTooLargeForAnyRequestIsRejectedAndTheRestGoOn() throws {
        var records = contacts(3)
        records.insert(.fixture(email: "huge@example.com", lastName: String(repeating: "x", count: 400_000), record: 99), at: 1)
        let run = try BatchRun(records)
        defer { run.remove() }
        #expect(try run.emails() == ["c0@example.com", "c1@example.com", "c2@example.com"])
        #expect(run.ledger.rejected == [.contactTooLarge: 1])
        #expect(run.ledger.input == 4 && run.ledger.output == 3)
        let rejects = try run.rejects()
        #expect(rejects.count == 1)
        #expect(rejects[0].email == "huge@example.com")
        #expect(rejects[0].source == Provenance(file: "t.csv", record: 99, line: 100))
        #expect(rejects[0].reject?.code == .contactTooLarge)
        #expect(rejects[0].reject?.stage == "batch")
        #expect(rejects[0].reject?.fix != nil)
    }

    @Test func aContactThatFitsOnlyAloneGetsABatchOfItsOwn() throws {
        let big = ContactRecord.fixture(email: "big@example.com", lastName: String(repeating: "x", count: 399_900), record: 2)
        let run = try BatchRun([contacts(1)[0], big] + contacts(1, start: 1))
        defer { run.remove() }
        #expect(try sizes(run) == [1, 1, 1])
        #expect(try run.bytes("batch-00002.json").count <= 399_999)
    }

    @Test func aRepeatedEmailStartsANewBatchAndKeepsTheOrder() throws {
        let records: [ContactRecord] = [
            .fixture(email: "a@example.com", record: 1), .fixture(email: "b@example.com", record: 2),
            .fixture(email: "A@Example.com", record: 3), .fixture(email: "c@example.com", record: 4),
        ]
        let run = try BatchRun(records)
        defer { run.remove() }
        #expect(try run.batches().map { $0.map { $0["email"] as? String ?? "" } } == [["a@example.com", "b@example.com"], ["A@Example.com", "c@example.com"]])
        #expect(run.plan.repeatedEmailSplits == 1)
        #expect(run.plan.warnings.contains { $0.contains("listwash dedupe") })
        #expect(run.ledger.output == 4)
    }

    @Test func theTailIsNotBalancedWhenTheRepeatedEmailWouldMeetItself() throws {
        // 250 contacts, then 5 whose first repeats an email among the previous batch's last 10.
        var records = contacts(250)
        records += [ContactRecord.fixture(email: "c245@example.com", record: 300)] + contacts(4, start: 400)
        let run = try BatchRun(records)
        defer { run.remove() }
        #expect(try sizes(run) == [250, 5])
        #expect(run.plan.warnings.contains { $0.contains("could not be balanced") && $0.contains("c245@example.com") })
    }

    @Test func rejectedAndInvalidRecordsAreCountedAndWrittenToRejects() throws {
        let upstream = ContactRecord.fixture(email: "dup@example.com", record: 7)
            .rejected(Reject(code: .duplicateMerged, stage: "dedupe", reason: "duplicate of t.csv:2", into: Provenance(file: "t.csv", record: 1, line: 2)))
        let records = contacts(2) + [upstream, .fixture(email: nil, record: 8), .fixture(email: "not an email", record: 9)]
        let run = try BatchRun(records)
        defer { run.remove() }
        #expect(run.ledger.input == 5)
        #expect(run.ledger.output == 2)
        #expect(run.ledger.rejected == [.duplicateMerged: 1, .emailMissing: 1, .emailInvalid: 1])
        #expect(run.ledger.rejectedHere == 2)
        #expect(run.ledger.isBalanced)
        let rejects = try run.rejects()
        #expect(rejects.map(\.source.record) == [7, 8, 9])
        #expect(rejects[0].reject == upstream.reject)
        #expect(rejects[2].reject?.reason.contains("'not an email'") == true)
    }
}
