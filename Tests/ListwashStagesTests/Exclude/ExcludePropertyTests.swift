import Crypto
import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import PropertyBased
import Testing

/// The stage against a brute-force matcher that tries every entry on every address.
struct ExcludePropertyTests {
    static let locals = ["a", "ab", "b", "test", "a.b"]
    static let domains = ["x.com", "sub.x.com", "y.org"]
    static let kinds = ["exact", "prefix", "suffix", "domain", "sha256"]

    struct Entry {
        var kind: String
        var value: String
        var lists: [Int]
        var subdomains: Bool
    }

    static func address(_ n: Int) -> String { locals[n % locals.count] + "@" + domains[(n / 5) % domains.count] }

    static func entry(_ n: Int) -> Entry {
        let kind = kinds[n % kinds.count]
        let a = address(n / 5)
        let value: String
        switch kind {
        case "prefix": value = String(a.prefix(1 + (n / 75) % 4))
        case "suffix": value = String(a.suffix(2 + (n / 75) % 8))
        case "domain": value = domains[(n / 75) % domains.count]
        case "sha256": value = SHA256.hash(data: Array(a.utf8)).map { String(format: "%02x", $0) }.joined()
        default: value = a
        }
        return Entry(kind: kind, value: value, lists: [[], [1], [2]][(n / 300) % 3], subdomains: (n / 900) % 2 == 1)
    }

    static func spelled(_ a: String, _ n: Int) -> String {
        switch n % 3 {
        case 1: return a.uppercased()
        case 2: return " " + a + "\t"
        default: return a
        }
    }

    /// What the brute force expects: the drop's kind, or the lists left after scoped entries.
    static func expected(_ raw: String, _ entries: [Entry]) -> (drop: String?, lists: [Int]) {
        let e = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let domain = String(e[e.index(after: e.lastIndex(of: "@")!)...])
        let sha = SHA256.hash(data: Array(e.utf8)).map { String(format: "%02x", $0) }.joined()
        func matches(_ x: Entry) -> Bool {
            switch x.kind {
            case "exact": return e == x.value
            case "prefix": return e.hasPrefix(x.value)
            case "suffix": return e.hasSuffix(x.value)
            case "domain": return domain == x.value || (x.subdomains && domain.hasSuffix("." + x.value))
            default: return sha == x.value
            }
        }
        let hits = entries.filter(matches)
        let order = ["exact", "sha256", "domain", "prefix", "suffix"]
        if let drop = hits.filter({ $0.lists.isEmpty }).min(by: { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }) {
            return (drop.kind, [])
        }
        let removed = Set(hits.flatMap(\.lists))
        return (nil, [1, 2, 3].filter { !removed.contains($0) })
    }

    @Test func matchesTheBruteForceMatcher() async throws {
        let input = zip(Gen.int(in: 0...100_000).array(of: 0...12), Gen.int(in: 0...10_000).array(of: 1...12))
        await propertyCheck(count: 120, input: input) { entryNumbers, addressNumbers in
            let entries = entryNumbers.map(Self.entry)
            let f = try ExclusionFiles()
            var items: [[(String, SettingNode)]] = []
            for (i, x) in entries.enumerated() {
                let name = "e\(i).txt"
                try f.write(name, x.kind + ":" + x.value + "\n")
                var item: [(String, SettingNode)] = [("file", .scalar(name))]
                if !x.lists.isEmpty { item.append(("lists", listNode(x.lists.map(String.init)))) }
                if x.subdomains { item.append(("subdomains", .scalar("true"))) }
                items.append(item)
            }
            let stage = try f.stage(items: items.isEmpty ? [[("entries", listNode([]))]] : items)
            let records = addressNumbers.enumerated().map { i, n -> ContactRecord in
                var r = ContactRecord.fixture(email: Self.spelled(Self.address(n), n / 15), record: i + 1)
                r.subscribe = [1, 2, 3]
                return r
            }
            let (out, ledger) = runStage(stage, records)
            #expect(ledger.isBalanced)
            for (r, o) in zip(records, out) {
                let want = Self.expected(r.email!, entries)
                let codes = ["exact": RejectCode.excludedExact, "sha256": .excludedHashed, "domain": .excludedDomain,
                             "prefix": .excludedPrefix, "suffix": .excludedSuffix]
                #expect(o.reject?.code == want.drop.flatMap { codes[$0] }, "\(r.email!) against \(entries.map { "\($0.kind):\($0.value) \($0.lists)" })")
                if want.drop == nil { #expect(o.subscribe == want.lists) }
                if let m = o.reject?.match { #expect(m.line == 1 && m.file.hasPrefix("e")) }
            }
        }
    }
}
