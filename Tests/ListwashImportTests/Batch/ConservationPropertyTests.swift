import Foundation
import ListwashCore
import ListwashTestSupport
import PropertyBased
import Testing

/// Issue 10 and DESIGN §2 "Conservation", over the whole pipeline: random CSV exports mixing
/// valid records with broken ones (ragged rows, an unterminated quote, invalid and missing
/// emails, duplicates differing in case and spaces, excluded addresses, quoted line breaks) go
/// through parse → normalize → dedupe → exclude → batch, and every input record (file + record
/// number) comes out exactly once: in a batch (its `batch-NNNNN.src.jsonl` line) or in
/// `rejects.jsonl`, with its provenance (file, record, physical start line) intact, and every
/// stage's ledger balances. The real binary runs once per case, so the case count is modest.
struct ConservationPropertyTests {
    /// One generated input file: its text and, per record, the line it starts on.
    struct GeneratedFile {
        var name: String
        var text = "Email,First Name,Last Name\n"
        var startLines: [Int] = []
        var nextLine = 2
    }

    /// A generated run: the CSV files, the exclusion list, and the batch size.
    struct GeneratedCase: CustomStringConvertible {
        var files: [GeneratedFile]
        var exclusions: String
        var maxContacts: Int
        var description: String { files.map { "--- \($0.name)\n\($0.text)" }.joined() + "--- max_contacts \(maxContacts)" }
        var expected: [String: Int] {  // "file#record" -> start line
            var out: [String: Int] = [:]
            for f in files { for (i, l) in f.startLines.enumerated() { out["\(f.name)#\(i + 1)"] = l } }
            return out
        }
    }

    /// Row kinds: 0-2 valid, 3 duplicate of an earlier address (case and spaces changed),
    /// 4 invalid email, 5 no email, 6 ragged row, 7 excluded address, 8 quoted line break.
    /// `unterminated` ends a file with an opening quote that never closes.
    static func build(kinds: [[Int]], unterminated: [Bool], maxContacts: Int) -> GeneratedCase {
        var files: [GeneratedFile] = []
        var earlier: [String] = []
        for (fi, rows) in kinds.enumerated() {
            var f = GeneratedFile(name: fi == 0 ? "crm.csv" : "shop-\(fi).csv")
            func add(_ row: String, lines: Int = 1) {
                f.text += row + "\n"
                f.startLines.append(f.nextLine)
                f.nextLine += lines
            }
            for (k, kind) in rows.enumerated() {
                let email = "user\(fi)-\(k)@example.com"
                switch kind {
                case 3 where !earlier.isEmpty:
                    let base = earlier[(k * 7 + fi) % earlier.count]
                    let at = base.firstIndex(of: "@")!
                    add("\"  \(base[..<at].uppercased())\(base[at...].uppercased()) \",Dup\(k),Variant")
                case 4: add(k % 2 == 0 ? "not-an-email-\(fi)-\(k),Bad,Address" : "two@@example.com,Bad,Address")
                case 5: add(",NoEmail\(k),Row")
                case 6: add("\(email),Ragged,Row,extra,more")
                case 7: add("blocked\(k % 5)@example.org,Ex\(k),Cluded")
                case 8:
                    add("\(email),\"Multi\nLine \(k)\",Quoted", lines: 2)
                    earlier.append(email)
                default:
                    add("\(email),First\(k),Last\(k)")
                    earlier.append(email)
                }
            }
            if unterminated[fi % unterminated.count] { add("\"unterminated-\(fi)@example.com,never closed") }
            files.append(f)
        }
        let exclusions = (0..<5).map { "blocked\($0)@example.org" }.joined(separator: "\n") + "\n"
        return GeneratedCase(files: files, exclusions: exclusions, maxContacts: maxContacts)
    }

    /// Writes the case's files into `dir`.
    static func write(_ c: GeneratedCase, into dir: TemporaryDirectory) throws {
        for f in c.files { _ = try dir.write(f.name, f.text) }
        _ = try dir.write("ex.txt", c.exclusions)
        let inputs = c.files.map { "  - path: \($0.name)\n" }.joined()
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n\(inputs)exclude:\n  - file: ex.txt\nbatch:\n  out: out\n  max_contacts: \(c.maxContacts)\n")
    }

    /// Where each record ended up: "file#record" -> "batch-00001.json" or the reject code,
    /// with its provenance line. Records seen twice are reported.
    struct Outcome {
        var placement: [String: String] = [:]
        var lines: [String: Int] = [:]
        var duplicates: [String] = []
        var batchContacts = 0
        var rejects = 0

        mutating func add(_ src: [String: Any], to place: String) {
            guard let file = src["file"] as? String, let record = src["record"] as? Int else {
                duplicates.append("a line without _src: \(src)")
                return
            }
            let key = "\(file)#\(record)"
            if placement[key] != nil { duplicates.append(key) }
            placement[key] = place
            lines[key] = src["line"] as? Int
        }
    }

    static func readOutcome(_ out: String) throws -> Outcome {
        var o = Outcome()
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        for name in names where name.hasSuffix(".src.jsonl") {
            let request = String(name.dropLast(".src.jsonl".count)) + ".json"
            let body = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/" + request))) as? [String: Any]
            let contacts = (body?["contacts"] as? [Any])?.count ?? -1
            var mapped = 0
            for line in try String(contentsOfFile: out + "/" + name, encoding: .utf8).split(separator: "\n") {
                let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                o.add(obj?["_src"] as? [String: Any] ?? [:], to: request)
                mapped += 1
            }
            #expect(mapped == contacts, "\(name) maps \(mapped) contacts, \(request) holds \(contacts)")
            o.batchContacts += mapped
        }
        #expect(names.filter { $0.hasPrefix("batch-") && $0.hasSuffix(".json") }.count == names.filter { $0.hasSuffix(".src.jsonl") }.count)
        for line in try String(contentsOfFile: out + "/rejects.jsonl", encoding: .utf8).split(separator: "\n") {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let code = (obj?["_reject"] as? [String: Any])?["code"] as? String ?? "(no code)"
            o.add(obj?["_src"] as? [String: Any] ?? [:], to: code)
            o.rejects += 1
        }
        return o
    }

    /// Every expected record exactly once, with its start line; nothing that was not in the input.
    static func expectConserved(_ o: Outcome, _ c: GeneratedCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = c.expected
        #expect(o.duplicates.isEmpty, "records out twice: \(o.duplicates)\n\(c)", sourceLocation: sourceLocation)
        let missing = expected.keys.filter { o.placement[$0] == nil }.sorted()
        let invented = o.placement.keys.filter { expected[$0] == nil }.sorted()
        #expect(missing.isEmpty, "records lost: \(missing)\n\(c)", sourceLocation: sourceLocation)
        #expect(invented.isEmpty, "records not in the input: \(invented)\n\(c)", sourceLocation: sourceLocation)
        for (key, line) in expected where o.lines[key] != nil && o.lines[key] != line {
            Issue.record("\(key): line \(o.lines[key]!), expected \(line)\n\(c)", sourceLocation: sourceLocation)
        }
    }

    /// The `--stats` ledgers: each balances, and batch's `in`/`out`/`rejected` match the files.
    static func expectLedgers(_ statsPath: String, _ o: Outcome, total: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ledgers = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statsPath))) as? [[String: Any]])
        #expect(ledgers.map { $0["stage"] as? String ?? "" } == ["parse", "normalize", "dedupe", "exclude", "batch"], sourceLocation: sourceLocation)
        for l in ledgers {
            #expect(l["balanced"] as? Bool == true, "\(l)", sourceLocation: sourceLocation)
            #expect(l["in"] as? Int == total, "\(l["stage"] ?? "?"): in \(l["in"] ?? "nil"), \(total) records in the input", sourceLocation: sourceLocation)
        }
        let batch = try #require(ledgers.last)
        #expect(batch["out"] as? Int == o.batchContacts, sourceLocation: sourceLocation)
        #expect(batch["rejected"] as? Int == o.rejects, sourceLocation: sourceLocation)
    }

    static let kinds = Gen.int(in: 0...8).array(of: 0...25).array(of: 1...3)
    static let unterminated = Gen.int(in: 0...3).map { $0 == 0 }.array(of: 1...3)
    static let batchSize = Gen<Int?>.element(of: [1, 2, 3, 7, 250]).map { $0 ?? 250 }

    @Test func everyRecordEndsInABatchOrRejectsExactlyOnceThroughAPipelineRun() async {
        await propertyCheck(count: 30, input: Self.kinds, Self.unterminated, Self.batchSize) { kinds, unterminated, size in
            let c = Self.build(kinds: kinds, unterminated: unterminated, maxContacts: size)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try Self.write(c, into: dir)
            let r = try Listwash.run(["run", "p.yaml", "--dry-run", "--stats", "stats.json"], directory: dir.path)
            #expect(r.status == 0, "\(r.stderr)\n\(c)")
            guard r.status == 0 else { return }
            let o = try Self.readOutcome(dir.path + "/out")
            Self.expectConserved(o, c)
            try Self.expectLedgers(dir.path + "/stats.json", o, total: c.expected.count)
        }
    }

    /// The same property through the shell pipe of separate processes (JSON Lines between them),
    /// which must also place every record exactly as the one-process run does.
    @Test(arguments: [UInt64(3), 17, 101])
    func theShellPipePlacesEveryRecordAsTheRunDoes(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let kinds = (0..<2).map { _ in (0..<(10 + Int(rng.next() % 20))).map { _ in Int(rng.next() % 9) } }
        let c = Self.build(kinds: kinds, unterminated: [seed % 2 == 1, true], maxContacts: 3)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.write(c, into: dir)
        let files = c.files.map(\.name).joined(separator: " ")
        let pipe = try Listwash.shell("""
            listwash parse \(files) --stats s1.json | listwash normalize --stats s2.json | listwash dedupe --stats s3.json \
            | listwash exclude ex.txt --stats s4.json | listwash batch -o piped --max-contacts 3 --stats s5.json
            """, directory: dir.path)
        #expect(pipe.status == 0, "\(pipe.stderr)\n\(c)")
        let piped = try Self.readOutcome(dir.path + "/piped")
        Self.expectConserved(piped, c)
        for k in 1...5 {
            let l = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/s\(k).json"))) as? [String: Any])
            #expect(l["balanced"] as? Bool == true && l["in"] as? Int == c.expected.count, "\(l)")
        }

        let run = try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        let ran = try Self.readOutcome(dir.path + "/out")
        #expect(ran.placement == piped.placement, "the pipe and the run disagree\n\(c)")
        #expect(ran.lines == piped.lines)
    }
}
