import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import PropertyBased
import Testing

/// The stage against a brute-force reference (group by trimmed, lowercased email; pick the
/// survivor by the policy's definition) on random records with case and space variants.
struct DedupePropertyTests {
    static let pool = ["a@x.com", "b@x.com", "jo.e@y.org", "Zoë@q.io", "k@x.com"]
    static let firstNames = ["", "Ann", "Bo"]
    static let tagSets: [[String]] = [[], ["t1"], ["t2", "t1"]]
    static let listSets: [[Int]] = [[], [1], [2, 1]]

    /// A record from one random number: which address, spelled how, and which values.
    static func record(_ n: Int, at i: Int) -> ContactRecord {
        var email: String? = pool[n % pool.count]
        switch (n / 5) % 5 {
        case 1: email = email!.uppercased()
        case 2: email = "  " + email! + "\t"
        case 3: email = email!.capitalized
        case 4: email = n % 3 == 0 ? nil : " "
        default: break
        }
        var r = ContactRecord.fixture(email: email, firstName: firstNames[(n / 25) % 3], lastName: (n / 75) % 2 == 0 ? nil : "Lee",
                                      phone: (n / 150) % 2 == 0 ? nil : "+1555", tags: tagSets[(n / 300) % 3], record: i + 1)
        r.subscribe = listSets[(n / 900) % 3]
        r.unsubscribe = listSets[(n / 2_700) % 3].map { $0 + 10 }
        // A record folded by an earlier dedupe brings its own `_merged`.
        if (n / 8_100) % 4 == 0 { r.merged = [Provenance(file: "old.csv", record: n, line: n + 1)] }
        return r
    }

    static func folded(_ e: String?) -> String? {
        guard let e else { return nil }
        let t = e.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()
        return t.isEmpty ? nil : t
    }

    static func filled(_ r: ContactRecord) -> Int {
        [r.email, r.firstName, r.lastName, r.phone, r.customerAcctName].filter { !($0 ?? "").isEmpty }.count
    }

    /// Survivors (by record number, with their values) and folded records (record → into record).
    static func reference(_ records: [ContactRecord], _ policy: MergePolicy, union: Bool) -> (survivors: [Int: ContactRecord], into: [Int: Int]) {
        var groups: [[ContactRecord]] = []
        var groupOf: [String: Int] = [:]
        for r in records {
            if let k = folded(r.email) {
                if let g = groupOf[k] { groups[g].append(r) } else { groupOf[k] = groups.count; groups.append([r]) }
            } else {
                groups.append([r])
            }
        }
        var survivors: [Int: ContactRecord] = [:]
        var into: [Int: Int] = [:]
        for g in groups {
            let w: Int
            switch policy {
            case .first, .coalesce: w = 0
            case .last: w = g.count - 1
            case .mostComplete: w = g.indices.max { a, b in filled(g[a]) != filled(g[b]) ? filled(g[a]) < filled(g[b]) : a > b }!
            }
            var s = g[w]
            for (i, r) in g.enumerated() where i != w { into[r.source.record] = g[w].source.record }
            if policy != .first || union {
                var tags: [String] = [], subs: [Int] = [], unsubs: [Int] = []
                for r in g {
                    for t in r.tags where !tags.contains(t) { tags.append(t) }
                    for l in r.subscribe where !subs.contains(l) { subs.append(l) }
                    for l in r.unsubscribe where !unsubs.contains(l) { unsubs.append(l) }
                }
                s.tags = tags
                s.subscribe = subs
                s.unsubscribe = unsubs
                s.merged = g[w].merged + g.enumerated().filter { $0.offset != w }.flatMap { [$0.element.source] + $0.element.merged }
            }
            if policy == .coalesce {
                for r in g.dropFirst() {
                    if (s.firstName ?? "").isEmpty, let v = r.firstName, !v.isEmpty { s.firstName = v }
                    if (s.lastName ?? "").isEmpty, let v = r.lastName, !v.isEmpty { s.lastName = v }
                    if (s.phone ?? "").isEmpty, let v = r.phone, !v.isEmpty { s.phone = v }
                }
            }
            survivors[s.source.record] = s
        }
        return (survivors, into)
    }

    /// `union` changes only `first` (the other policies always union).
    @Test(arguments: MergePolicy.allCases, [true, false])
    func matchesTheBruteForceReference(_ policy: MergePolicy, union: Bool) async throws {
        await propertyCheck(count: 150, input: Gen.int(in: 0...100_000).array(of: 0...30)) { numbers in
            let records = numbers.enumerated().map { Self.record($0.element, at: $0.offset) }
            let settings = settingsNode([("merge", .scalar(policy.rawValue)), ("union", .scalar(union ? "true" : "false"))])
            let stage = try DedupeStage(settings: settings, context: StageContext())
            let (out, ledger) = runStage(stage, records)
            let expected = Self.reference(records, policy, union: union)
            #expect(ledger.isBalanced && ledger.input == records.count && out.count == records.count)
            let survivors = out.filter { $0.reject == nil }
            #expect(survivors.count == expected.survivors.count)
            for s in survivors {
                let e = try #require(expected.survivors[s.source.record])
                // Empty and absent are the same value (DESIGN §2); a survivor held in the
                // temporary file comes back with empty values absent.
                #expect(s.email == e.email && s.firstName ?? "" == e.firstName ?? "" && s.lastName == e.lastName && s.phone == e.phone)
                #expect(s.tags == e.tags && s.subscribe == e.subscribe && s.unsubscribe == e.unsubscribe && s.merged == e.merged)
            }
            var into: [Int: Int] = [:]
            for r in out where r.reject != nil {
                #expect(r.reject?.code == .duplicateMerged)
                into[r.source.record] = r.reject?.into?.record
            }
            #expect(into == expected.into)
            if policy == .first {
                #expect(survivors.map(\.source.record) == survivors.map(\.source.record).sorted())
                if !union { #expect(out.map(\.source.record) == records.map(\.source.record)) }
            }
        }
    }
}
