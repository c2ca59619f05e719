import Crypto
import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import PropertyBased
import Testing

/// Loading exclusion files: plain addresses take a one-pass path with batched inserts, every
/// other line the general one; both must read a file exactly as the file syntax says, with the
/// right line numbers, whatever the mix and order of lines.
struct ExclusionFileLoadTests {
    static let addresses = ["a@x.com", "b.c@x.com", "d@y.org", "zoë@x.com", "e:f@x.com"]
    /// Addresses looked up; never written as exact entries.
    static let probes = addresses + ["q@sub.x.com"]

    static func sha256(_ s: String) -> String { SHA256.hash(data: Array(s.utf8)).map { String(format: "%02x", $0) }.joined() }
    static func md5(_ s: String) -> String { Insecure.MD5.hash(data: Array(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// One line of a list file from a random number.
    static func line(_ n: Int) -> String {
        let a = addresses[n % addresses.count]
        switch (n / 5) % 25 {
        case 0, 1, 2: return a
        case 3: return a.uppercased()
        case 4: return "  " + a + "\t"
        case 5: return a + " # a comment"
        case 6: return "# " + a
        case 7: return ""
        case 8: return "lists: 2"
        case 9: return "lists: all"
        case 10: return "exact:" + a.uppercased()
        case 11: return "@" + a.split(separator: "@")[1]
        case 12: return a + "\r"
        case 13: return String(repeating: "x", count: 300) + a
        case 14: return sha256(a)
        case 15: return "SHA256:" + sha256(a).uppercased()
        case 16: return md5(a)
        case 17: return "md5:" + md5(a) + " "
        case 18: return "subdomains: yes"
        case 20: return "PREFIX:" + String(a.prefix(2))
        case 21: return "suffix:" + String(a.suffix(4)).uppercased()
        case 22: return "Begins-With: " + String(a.prefix(1))
        case 23: return "DOMAIN:@" + a.split(separator: "@")[1]
        case 24: return "domain:" + a.split(separator: "@")[1]
        default: return "subdomains: no"
        }
    }

    struct Expected: Equatable {
        var drop: (kind: String, line: Int)?
        var lists: [Int]
        static func == (l: Expected, r: Expected) -> Bool { l.drop?.kind == r.drop?.kind && l.drop?.line == r.drop?.line && l.lists == r.lists }
    }

    /// The file syntax, by brute force, for the lines above: which entry drops `address`, or
    /// which of lists 1-3 are left.
    static func expected(_ address: String, lines: [String]) -> Expected {
        var scopeAll = true
        var subdomains = false
        var scoped: Set<Int> = []
        var firstExact: Int?
        var firstSHA256: Int?
        var firstMD5: Int?
        var firstDomain: Int?
        // Begins-with and ends-with: the shortest matching entry is met first, then file order.
        var firstPrefix: (length: Int, line: Int)?
        var firstSuffix: (length: Int, line: Int)?
        func earlier(_ a: (length: Int, line: Int)?, _ b: (length: Int, line: Int)) -> (length: Int, line: Int) {
            guard let a else { return b }
            return (b.length, b.line) < (a.length, a.line) ? b : a
        }
        let domain = String(address.split(separator: "@")[1])
        for (i, raw) in lines.enumerated() {
            var body = raw
            if let r = body.range(of: " #") { body = String(body[..<r.lowerBound]) }
            body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if body.isEmpty || body.hasPrefix("#") { continue }
            if body == "lists: 2" { scopeAll = false; continue }
            if body == "lists: all" { scopeAll = true; continue }
            if body.hasPrefix("subdomains: ") { subdomains = body.hasSuffix("yes"); continue }
            var kind = "exact"
            body = body.lowercased()
            if body.hasPrefix("exact:") { body.removeFirst(6) }
            if body.hasPrefix("sha256:") { body.removeFirst(7) }
            if body.hasPrefix("md5:") { body.removeFirst(4) }
            if body.hasPrefix("prefix:") { kind = "prefix"; body.removeFirst(7) }
            if body.hasPrefix("begins-with: ") { kind = "prefix"; body.removeFirst(13) }
            if body.hasPrefix("suffix:") { kind = "suffix"; body.removeFirst(7) }
            if body.hasPrefix("domain:") {
                kind = "domain"
                body.removeFirst(7)
                if body.hasPrefix("@") { body.removeFirst() }
            }
            if kind == "exact" && body.hasPrefix("@") { kind = "domain"; body.removeFirst() }
            if kind == "exact" && !body.contains("@") && (body.count == 64 || body.count == 32) { kind = "hashed" }
            let hit: Bool
            switch kind {
            case "exact": hit = body == address
            case "hashed": hit = body == sha256(address) || body == md5(address)
                if hit { kind = body.count == 64 ? "sha256" : "md5" }
            case "prefix": hit = address.hasPrefix(body)
            case "suffix": hit = address.hasSuffix(body)
            default: hit = body == domain || (subdomains && domain.hasSuffix("." + body))
            }
            guard hit else { continue }
            if !scopeAll { scoped.insert(2); continue }
            switch kind {
            case "exact": firstExact = firstExact ?? i + 1
            case "sha256": firstSHA256 = firstSHA256 ?? i + 1
            case "md5": firstMD5 = firstMD5 ?? i + 1
            case "prefix": firstPrefix = earlier(firstPrefix, (body.utf8.count, i + 1))
            case "suffix": firstSuffix = earlier(firstSuffix, (body.utf8.count, i + 1))
            default: firstDomain = firstDomain ?? i + 1
            }
        }
        if let l = firstExact { return Expected(drop: ("exact", l), lists: []) }
        // The order the stage checks kinds in: exact, SHA-256, MD5, domain.
        if let l = firstSHA256 ?? firstMD5 { return Expected(drop: ("hashed", l), lists: []) }
        if let l = firstDomain { return Expected(drop: ("domain", l), lists: []) }
        if let p = firstPrefix { return Expected(drop: ("prefix", p.line), lists: []) }
        if let p = firstSuffix { return Expected(drop: ("suffix", p.line), lists: []) }
        return Expected(drop: nil, lists: [1, 2, 3].filter { !scoped.contains($0) })
    }

    @Test func readsEveryMixOfLinesAsTheFileSyntaxSays() async throws {
        let input = zip(Gen.int(in: 0...10_000).array(of: 0...60), Gen.int(in: 0...1).map { $0 == 1 })
        await propertyCheck(count: 150, input: input) { numbers, finalNewline in
            let lines = numbers.map(Self.line)
            let f = try ExclusionFiles()
            try f.write("list.txt", lines.joined(separator: "\n") + (finalNewline ? "\n" : ""))
            let stage = try f.stage([("file", .scalar("list.txt"))])
            let probes = Self.probes.map { ContactRecord.fixture(email: $0, record: 1) }
            let (out, ledger) = runStage(stage, probes.map { var r = $0; r.subscribe = [1, 2, 3]; return r })
            #expect(ledger.isBalanced)
            for o in out {
                let want = Self.expected(o.email!, lines: lines)
                let got = Expected(drop: o.reject.map { ($0.code == .excludedExact ? "exact" : $0.code == .excludedDomain ? "domain" : $0.code == .excludedHashed ? "hashed" : $0.code == .excludedPrefix ? "prefix" : $0.code == .excludedSuffix ? "suffix" : $0.code.rawValue, $0.match?.line ?? 0) },
                                   lists: o.reject == nil ? o.subscribe : [])
                #expect(got == want, "\(o.email!) in \(lines)")
                if let m = o.reject?.match, want.drop?.kind == "exact" { #expect(m.entry == o.email!) }
            }
        }
    }

    @Test func sizesEachTableForItsShareOfTheLines() throws {
        let f = try ExclusionFiles()
        // 120,000 addresses, each after a comment line: the exact table is sized for the
        // addresses alone (at most 75% full, 5% slack), not for every line.
        let text = (0..<120_000).map { "# added \($0 % 28 + 1) March\nuser\($0)@example.com\n" }.joined()
        try f.write("list.txt", text)
        let stage = try f.stage([("file", .scalar("list.txt"))])
        #expect(stage.entryCount == 120_000)
        let (out, _) = runStage(stage, emails(["user119999@example.com", "q@example.com"]))
        #expect(out.map { $0.reject?.match?.line } == [240_000, nil])
        #expect(stage.indexBytes < 120_000 * 24 * 3 / 2)
    }

    @Test func aLineLongerThanTheReadBlockIsOneLine() throws {
        let f = try ExclusionFiles()
        let long = String(repeating: "y", count: 9 << 20) + "@x.com"
        try f.write("list.txt", "a@x.com\n" + long + "\nb@x.com")
        let stage = try f.stage([("file", .scalar("list.txt"))])
        #expect(stage.entryCount == 3)
        let (out, _) = runStage(stage, emails(["b@x.com", "A@x.com"]))
        #expect(out.map { $0.reject?.match?.line } == [3, 1])
    }

    @Test func sizesTheTableFromTheFileWithoutGrowing() throws {
        let f = try ExclusionFiles()
        let text = (0..<150_000).map { "user\($0)@example.com\n" }.joined()
        try f.write("list.txt", text)
        let stage = try f.stage([("file", .scalar("list.txt"))])
        #expect(stage.entryCount == 150_000)
        // The estimate from the first megabyte (5% slack): at most 75% full, and not oversized
        // (beyond the rest of its last 2 MiB page, which a mapped table uses); grown once by
        // half, it would be over 9 MB.
        #expect(stage.indexBytes <= 150_000 * 24 * 8 / 5 + (2 << 20))
        let (out, _) = runStage(stage, emails(["user149999@example.com", "user150000@example.com"]))
        #expect(out.map { $0.reject?.match?.line } == [150_000, nil])
    }
}
