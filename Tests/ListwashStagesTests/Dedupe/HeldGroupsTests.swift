import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

/// `merge: last` and `merge: most_complete` keep only each group's winner in memory and the
/// other records in a temporary file (sweep 11: 300,000 copies of one address held 260 MB).
/// Their result is held to a reference that holds whole groups, on random records.
struct HeldGroupsTests {
    /// The reference: groups held whole, resolved at the end (the stage's rule before).
    static func reference(_ records: [ContactRecord], policy: String) -> (survivors: [ContactRecord], into: [Int: Int]) {
        var order: [String] = []
        var groups: [String: [ContactRecord]] = [:]
        for r in records {
            let key = r.email!.lowercased()
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        var survivors: [ContactRecord] = []
        var into: [Int: Int] = [:]
        for key in order {
            let group = groups[key]!
            var winner = group.count - 1
            if policy == "most_complete" {
                let scores = group.map { r in [r.email, r.firstName, r.lastName, r.phone, r.customerAcctName].compactMap { $0 }.count }
                winner = scores.firstIndex(of: scores.max()!)!
            }
            var s = group[winner]
            if group.count > 1 {
                var tags: [String] = [], subscribe: [Int] = []
                for r in group {
                    for t in r.tags where !tags.contains(where: { $0.lowercased() == t.lowercased() }) { tags.append(t) }
                    for l in r.subscribe where !subscribe.contains(l) { subscribe.append(l) }
                }
                s.tags = tags
                s.subscribe = subscribe
                s.merged = group.enumerated().filter { $0.offset != winner }.map(\.element.source)
            }
            survivors.append(s)
            for (i, r) in group.enumerated() where i != winner { into[r.source.record] = group[winner].source.record }
        }
        return (survivors, into)
    }

    @Test(arguments: ["last", "most_complete"], [false, true])
    func matchesTheReferenceOnRandomRecords(policy: String, unusableTMPDIR: Bool) throws {
        var rng = SplitMix64(seed: 23)
        for round in 0..<20 {
            let records = (1...Int(rng.next() % 60 + 1)).map { n -> ContactRecord in
                var r = ContactRecord.fixture(email: "p\(rng.next() % 6)@x.com", firstName: rng.next() % 2 == 0 ? "F\(n)" : nil,
                                              lastName: rng.next() % 3 == 0 ? "L\(n)" : nil, phone: rng.next() % 4 == 0 ? "+1\(n)" : nil,
                                              tags: rng.next() % 3 == 0 ? ["t\(rng.next() % 4)", "T\(rng.next() % 4)"] : [], record: n)
                if rng.next() % 4 == 0 { r.subscribe = [Int(rng.next() % 3)] }
                return r
            }
            let context = StageContext(environment: unusableTMPDIR ? ["TMPDIR": "/nonexistent/listwash-test"] : [:])
            let (out, ledger) = runStage(try dedupe([("merge", .scalar(policy))], context: context), records)
            let expected = Self.reference(records, policy: policy)
            #expect(ledger.isBalanced, "round \(round)")
            #expect(out.filter { $0.reject == nil } == expected.survivors, "round \(round)")
            let into = Dictionary(uniqueKeysWithValues: out.filter { $0.reject != nil }.map { ($0.source.record, $0.reject?.into?.record ?? -1) })
            #expect(into == expected.into, "round \(round)")
            #expect(context.warnings.map(\.code) == (unusableTMPDIR && !expected.into.isEmpty ? ["dedupe_spill_failed"] : []), "round \(round)")
        }
    }

    /// A survivor's own `_merged` (from an earlier dedupe) comes first, then the others'.
    @Test func aSurvivorKeepsItsOwnMergedFirst() throws {
        var a = ContactRecord.fixture(email: "a@x.com", record: 1)
        a.merged = [Provenance(file: "old.csv", record: 7, line: 8)]
        var b = ContactRecord.fixture(email: "a@x.com", record: 2)
        b.merged = [Provenance(file: "old.csv", record: 9, line: 10)]
        let c = ContactRecord.fixture(email: "a@x.com", record: 3)
        let (out, _) = runStage(try dedupe([("merge", .scalar("last"))]), [a, b, c])
        let s = try #require(out.first { $0.reject == nil })
        #expect(s.merged == [a.source, a.merged[0], b.source, b.merged[0]])
    }
}
