import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import PropertyBased
import Testing

/// Invariants on random input: limits never broken, every live contact in a batch exactly once
/// and in order, the ledger balanced, the tail balanced when it can be.
struct BatchPropertyTests {
    /// One random record: which email (small ids repeat), how long its name, and what it is.
    struct Spec: Sendable, CustomStringConvertible {
        var id: Int
        var nameLength: Int
        /// 0: rejected upstream, 1: no email, 2: malformed email, otherwise a live contact.
        var kind: Int
        var description: String { "(\(id),\(nameLength),\(kind))" }
    }

    /// Names mostly short (many contacts per small request, so limits are met at every size),
    /// sometimes long (a few per request, or too large for one).
    static let spec = zip(Gen.int(in: 0...400), Gen.int(in: 0...40), Gen.int(in: 0...1_500), Gen.int(in: 0...9), Gen.int(in: 0...24))
        .map { t in Spec(id: t.0, nameLength: t.3 < 8 ? t.1 : t.2, kind: t.4) }
    static let limits = zip(Gen.int(in: 0...4).map { [1, 3, 11, 25, 250][$0] }, Gen.int(in: 0...3).map { [1_024, 3_000, 20_000, 399_999][$0] })

    static func record(_ s: Spec, index: Int) -> ContactRecord {
        // Multi-byte names so that bytes and characters differ; big names exceed small byte limits.
        let name = String(repeating: s.id % 2 == 0 ? "é" : "n", count: s.nameLength)
        var r = ContactRecord.fixture(email: "u\(s.id)@example.com", firstName: name, tags: s.id % 3 == 0 ? ["t\(s.id)"] : [], record: index + 1)
        switch s.kind {
        case 0: r = r.rejected(Reject(code: .excludedExact, stage: "exclude", reason: "on the list"))
        case 1: r.email = nil
        case 2: r.email = "u\(s.id)@example"
        default: break
        }
        return r
    }

    /// The exact size of the contact object ``record(_:index:)`` makes (nothing in it needs escaping).
    static func writtenSize(_ r: ContactRecord) -> Int {
        var n = #"{"email":""#.utf8.count + r.email!.utf8.count + 1
        if let f = r.firstName, !f.isEmpty { n += #","first_name":""#.utf8.count + f.utf8.count + 1 }
        n += #","tags":[]}"#.utf8.count + r.tags.reduce(0) { $0 + $1.utf8.count + 2 }
        return n
    }

    @Test func batchesKeepTheLimitsAndHoldEveryLiveContactOnceInOrder() async {
        await propertyCheck(count: 80, input: Self.spec.array(of: 0...120), Self.limits) { specs, limits in
            recordingErrors {
                let (maxContacts, maxBytes) = limits
                let records = specs.enumerated().map { Self.record($1, index: $0) }
                let run = try BatchRun(records, ["--max-contacts", "\(maxContacts)", "--max-bytes", "\(maxBytes)"])
                defer { run.remove() }
                let batches = try run.batches()
                for (i, name) in run.batchNames.enumerated() {
                    let size = try run.bytes(name).count
                    #expect(size <= maxBytes, "\(name): \(size) bytes")
                    #expect(size == run.plan.batches[i].bytes)
                    #expect((1...maxContacts).contains(batches[i].count), "\(name): \(batches[i].count) contacts")
                    let keys = batches[i].map { ($0["email"] as? String ?? "").lowercased() }
                    #expect(Set(keys).count == keys.count, "\(name) repeats an email")
                }
                // The live records that fit a request, in input order, are exactly the batches' contacts.
                let rejectedHere = Set(try run.rejects().filter { $0.reject?.stage == "batch" }.map(\.source.record))
                let expected = records.filter { !$0.isRejected && !rejectedHere.contains($0.source.record) }
                #expect(try run.emails() == expected.map { $0.email ?? "" })
                #expect(batches.flatMap { $0 }.map { $0["first_name"] as? String ?? "" } == expected.map { $0.firstName ?? "" })
                // Exactly the contacts that cannot fit a request on their own are rejected for size
                // (the envelope `{"contacts":[` + `]}` is 15 bytes).
                let tooLarge = try run.rejects().filter { $0.reject?.code == .contactTooLarge }.map(\.source.record)
                let live = records.filter { !$0.isRejected && $0.email?.contains(".") == true }
                #expect(tooLarge == live.filter { Self.writtenSize($0) + 15 > maxBytes }.map(\.source.record))
            }
        }
    }

    @Test func theLedgerBalancesAndMatchesTheFiles() async {
        await propertyCheck(count: 80, input: Self.spec.array(of: 0...120), Self.limits) { specs, limits in
            recordingErrors {
                let records = specs.enumerated().map { Self.record($1, index: $0) }
                let run = try BatchRun(records, ["--max-contacts", "\(limits.0)", "--max-bytes", "\(limits.1)"])
                defer { run.remove() }
                #expect(run.ledger.isBalanced)
                #expect(run.ledger.input == records.count)
                #expect(run.ledger.output == (try run.emails().count))
                #expect(run.ledger.rejectedTotal == (try run.rejects().count))
                #expect(run.ledger.rejected[.excludedExact, default: 0] == records.filter { $0.isRejected }.count)
                #expect(run.plan.contacts == run.ledger.output)
                #expect(run.plan.rejected == run.ledger.rejected)
            }
        }
    }

    @Test func withUniqueSmallContactsNoBatchOfAMultiBatchRunHoldsTenOrFewer() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...600), Gen.int(in: 0...3).map { [22, 40, 111, 250][$0] }) { count, maxContacts in
            recordingErrors {
                // The plan alone (no files): the sizes are what is checked here.
                var writer = try BatchWriter(settings: FlagParser.parse(["--plan-only", "--max-contacts", "\(maxContacts)"], spec: BatchWriter.spec),
                                             context: StageContext())
                for r in contacts(count) { try writer.consume(r) }
                _ = try writer.finish()
                let plan = try #require(writer.plan)
                let sizes = plan.batches.map(\.contacts)
                #expect(sizes.reduce(0, +) == count)
                #expect(sizes.count == (count + maxContacts - 1) / maxContacts)
                if sizes.count > 1 { #expect(sizes.allSatisfy { $0 > 10 }, "\(sizes)") }
                #expect(sizes.dropLast(2).allSatisfy { $0 == maxContacts })
                #expect(plan.warnings.filter { $0.contains("could not be balanced") }.isEmpty)
            }
        }
    }
}

/// Runs a property body, recording a thrown error as an issue. propertyCheck swallows errors
/// thrown by its body (`try?` in IssueCounting.swift), so without this a throw would pass.
func recordingErrors(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do { try body() } catch { Issue.record(error, sourceLocation: sourceLocation) }
}
