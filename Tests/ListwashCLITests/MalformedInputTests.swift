import Foundation
import Testing
import ListwashCore
import ListwashTestSupport

/// Issue 10: hostile and broken inputs never crash or hang `listwash parse`, the ledger balances,
/// and every reject names a line. The files are generated here from small seeds (nothing large is
/// stored in the repository).
struct MalformedInputTests {
    @Test func escapeSequencesInAnExportNeverReachTheTerminal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = try dir.write("esc.csv", "Email,First Name,X\u{1B}[31mRED\u{1B}]0;pwned\u{07}\nbad\u{1B}[2J@x.com,a,b\n")
        let parsed = try Listwash.run(["parse", csv])
        #expect(!parsed.stderr.contains("\u{1B}") && !parsed.stderr.contains("\u{07}"))
        #expect(parsed.stderr.contains("X\\u{1B}[31mRED"))
        let audited = try Listwash.run(["audit"], stdin: try Listwash.run(["normalize"], stdin: parsed.stdoutBytes).stdoutBytes)
        #expect(!audited.stdout.contains("\u{1B}") && !audited.stderr.contains("\u{1B}"))
        #expect(audited.stdout.contains("bad\\u{1B}["))
    }

    static let csv = Array("Email,First Name,Last Name\r\njane@example.com,Jane,\"Doe, Jr\"\r\n\"bob@example.com\",\"Bo\"\"b\",Smith\r\nzoë@example.com,Zoë,Ü\r\n".utf8)
    static let vcard = Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\nEMAIL;TYPE=INTERNET:jane@example.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=9C;Bob\r\nEMAIL;PREF:bob@example.com\r\nEND:VCARD\r\n".utf8)
    static let xml = Array("<?xml version=\"1.0\"?>\n<contacts>\n<contact><email>jane@example.com</email><firstName>Jane</firstName></contact>\n<contact><email>bob@example.com</email><firstName>Bob</firstName></contact>\n</contacts>\n".utf8)

    /// Every way of breaking a seed that the issue names, as (name, extension, bytes).
    static func cases() -> [(String, String, [UInt8])] {
        var out: [(String, String, [UInt8])] = []
        var rng = SplitMix64(seed: 10)
        for (name, ext, seed) in [("csv", "csv", csv), ("vcard", "vcf", vcard), ("xml", "xml", xml)] {
            for k in 0..<6 {
                let cut = Int(rng.next() % UInt64(seed.count))
                out.append(("\(name)-truncated-\(k)", ext, Array(seed[0..<cut])))
            }
            for pos in stride(from: 0, to: seed.count, by: max(1, seed.count / 12)) {
                var b = seed
                b[pos] = 0xFF
                out.append(("\(name)-invalid-utf8-at-\(pos)", ext, b))
                var n = seed
                n.insert(0, at: pos)
                out.append(("\(name)-nul-at-\(pos)", ext, n))
            }
        }
        out.append(("csv-unbalanced-quote-at-eof", "csv", csv + Array("\"never closed,x,y".utf8)))
        out.append(("csv-100k-columns", "csv", Array(("Email," + Array(repeating: "c", count: 100_000).joined(separator: ",") + "\na@b.co\n").utf8)))
        out.append(("csv-10mb-line", "csv", Array("Email,Note\n".utf8) + Array("a@b.co,".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000) + [0x0A]))
        out.append(("vcard-no-end", "vcf", Array("BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@b.co\r\n".utf8) + vcard))
        out.append(("xml-cut-mid-tag", "xml", Array("<?xml version=\"1.0\"?><contacts><contact><email>a@b.co</email></contact><contact><ema".utf8)))
        out.append(("empty-csv", "csv", []))
        out.append(("only-bom", "csv", [0xEF, 0xBB, 0xBF]))
        return out
    }

    @Test func parseSurvivesEveryBrokenFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, ext, bytes) in Self.cases() {
            let path = try dir.write("\(name).\(ext)", bytes: bytes)
            let stats = dir.path + "/\(name).stats.json"
            let started = Date()
            let r = try Listwash.run(["parse", path, "--stats", stats])
            let seconds = Date().timeIntervalSince(started)
            // 0 = read, 1 = refused or read in part; a crash is a signal status (>= 128) or a trap.
            #expect(r.status == 0 || r.status == 1, "\(name): status \(r.status)\n\(r.stderr.prefix(500))")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Crash"), "\(name): \(r.stderr.prefix(500))")
            #expect(seconds < 60, "\(name) took \(seconds) s")
            if r.status == 0 || FileManager.default.fileExists(atPath: stats) {
                guard let data = FileManager.default.contents(atPath: stats),
                      let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    if r.status == 0 { Issue.record("\(name): no stats written") }
                    continue
                }
                #expect(json["balanced"] as? Bool == true, "\(name): ledger does not balance: \(json)")
                let lines = r.stdout.split(separator: "\n")
                #expect(lines.count == json["in"] as? Int, "\(name): \(lines.count) records written, ledger says \(json["in"] ?? "nil")")
                for line in lines where line.contains("\"_reject\"") {
                    guard let rec = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                          let src = rec["_src"] as? [String: Any], let l = src["line"] as? Int else {
                        Issue.record("\(name): a reject without _src.line: \(line.prefix(300))")
                        continue
                    }
                    #expect(l >= 1, "\(name): reject with line \(l)")
                }
            } else {
                // Refused: the message names the file and says what is wrong.
                #expect(r.stderr.contains(path), "\(name): \(r.stderr.prefix(300))")
            }
        }
    }
}

