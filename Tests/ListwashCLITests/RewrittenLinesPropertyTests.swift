import Foundation
import ListwashCore
import ListwashTestSupport
import PropertyBased
import Testing

/// Stage commands write a record that comes out unchanged as the line they read. Whatever the
/// lines look like (keys in another order, `\/` and `\u00e9` escapes), what reaches the batch
/// folder must be what the same records in listwash's own spelling give.
struct RewrittenLinesPropertyTests {
    static let pool = ["ann@x.com", "Bob@Y.org", "zoé@q.io", "cy@x.com", "dee@z.net", "role@x.com"]

    /// A CSV of `n` rows from `seed`: repeated addresses in other cases and spacing, accented
    /// names, tags, now and then a row with no email or one column too many.
    static func csv(seed: UInt64, rows n: Int) -> String {
        var rng = SplitMix64(seed: seed)
        var lines = ["Email,First Name,Last Name,Tags"]
        for i in 0..<n {
            let r = rng.next()
            var email = pool[Int(r % UInt64(pool.count))]
            if r & 0x100 != 0 { email = email.uppercased() }
            if r & 0x200 != 0 { email = "  " + email }
            if r % 23 == 0 { email = "" }
            let first = ["Émile", "Ann", "Jürgen", "", "O'Brien"][Int((r >> 12) % 5)]
            let tags = ["vip;new", "", "café-owners", "a/b;c"][Int((r >> 20) % 4)]
            lines.append("\(email),\(first),Last\(i),\(tags)" + (r % 31 == 0 ? ",extra" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same JSON Lines, spelled differently: keys sorted, `/` escaped, `é` as `\u00e9`.
    static func respelled(_ jsonl: String) throws -> String {
        try jsonl.split(separator: "\n").map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "é", with: "\\u00e9")
        }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [UInt64(5), 42, 977])
    func respelledLinesGiveTheSameBatchesAndRejects(_ seed: UInt64) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", Self.csv(seed: seed, rows: 120))
        let made = try Listwash.shell("listwash parse --tag-separator ';' in.csv | listwash normalize > own.jsonl", directory: dir.path)
        #expect(made.status == 0, "\(made.stderr)")
        let own = try String(contentsOfFile: dir.path + "/own.jsonl", encoding: .utf8)
        let other = try Self.respelled(own)
        #expect(other != own)
        _ = try dir.write("other.jsonl", other)

        for name in ["own", "other"] {
            let r = try Listwash.shell("listwash normalize < \(name).jsonl | listwash dedupe --union=false | listwash exclude --entry cy@x.com | listwash batch -o \(name) --max-contacts 2",
                                       directory: dir.path)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let fm = FileManager.default
        let ownFiles = try fm.contentsOfDirectory(atPath: dir.path + "/own").sorted()
        #expect(try fm.contentsOfDirectory(atPath: dir.path + "/other").sorted() == ownFiles)
        #expect(ownFiles.contains("batch-00001.json"))
        for f in ownFiles where f.hasPrefix("batch-") {
            #expect(fm.contents(atPath: dir.path + "/own/" + f) == fm.contents(atPath: dir.path + "/other/" + f), "\(f)")
        }
        // Rejected upstream records are written as their lines: the same records, spelled as read.
        func rejects(_ name: String) throws -> [ContactRecord] {
            try String(contentsOfFile: dir.path + "/\(name)/rejects.jsonl", encoding: .utf8)
                .split(separator: "\n").map { try ContactRecord.decode(jsonLine: String($0)) }
        }
        let ownRejects = try rejects("own")
        #expect(!ownRejects.isEmpty)
        #expect(try rejects("other") == ownRejects)
        func totals(_ name: String) throws -> NSDictionary? {
            let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/\(name)/manifest.json"))) as? [String: Any]
            return m?["totals"] as? NSDictionary
        }
        #expect(try totals("own") == totals("other"))
    }
}
