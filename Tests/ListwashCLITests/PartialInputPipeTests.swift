import Foundation
import Testing
import ListwashTestSupport

/// An input `parse` cannot read to its end must not vanish in a shell pipe, whose exit status
/// is easily lost: an `input_partial` reject travels to the batch folder, and `submit` refuses
/// the folder unless told to send what was read.
struct PartialInputPipeTests {
    static func brokenXML() -> String {
        var s = "<contacts>\n"
        for i in 0..<3 { s += "<contact><email>u\(i)@x.com</email></contact>\n" }
        s += "<contact><email>bad@x.com</email><name>x&#0;</name></contact>\n"
        for i in 3..<6 { s += "<contact><email>u\(i)@x.com</email></contact>\n" }
        return s + "</contacts>\n"
    }

    @Test func theUnreadRestTravelsToTheBatchFolderAndStopsSubmit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let xml = try dir.write("export.xml", Self.brokenXML())
        let parsed = try Listwash.run(["parse", xml])
        #expect(parsed.status == 1)
        #expect(parsed.stderr.contains("in 5 = out 3 + rejected 2 (input_partial 1, xml_malformed 1)"))
        let marker = try #require(parsed.stdout.split(separator: "\n").last)
        #expect(marker.contains(#""code":"input_partial""#))
        #expect(marker.contains(#""record":5"#))

        let out = dir.path + "/out"
        let batched = try Listwash.run(["batch", "-o", out], stdin: parsed.stdoutBytes)
        #expect(batched.status == 0, "\(batched.stderr)")
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains(#""input_partial":1"#))

        // Refused before any connection: the URL points nowhere.
        let submitted = try Listwash.run(["submit", out, "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": "t0k3n-for-test"])
        #expect(submitted.status == 1)
        #expect(submitted.stderr.contains("[input_partial]"))
        #expect(submitted.stderr.contains("--allow-partial"))
    }

    /// `run` passes the same marker down its stages as the pipe does (it used to note the
    /// cut in its ledger only, and `submit` then sent the folder without a word), on one
    /// thread and on two.
    @Test(arguments: ["1", "2"])
    func runPutsTheUnreadRestInTheBatchFolderToo(threads: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let xml = try dir.write("export.xml", Self.brokenXML())
        let out = dir.path + "/out"
        let yaml = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: '\(xml)'\nbatch:\n  out: '\(out)'\n")
        let ran = try Listwash.run(["run", "--dry-run", yaml], environment: ["LISTWASH_THREADS": threads])
        #expect(ran.status == 1, "\(ran.stderr)")
        #expect(ran.stderr.contains("in 5 = out 3 + rejected 2 (input_partial 1, xml_malformed 1)"), "\(ran.stderr)")
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains(#""input_partial":1"#))
        let rejects = try String(contentsOfFile: out + "/rejects.jsonl", encoding: .utf8)
        let marker = try #require(rejects.split(separator: "\n").first { $0.contains(#""code":"input_partial""#) })
        #expect(marker.contains(#""record":5"#))

        let submitted = try Listwash.run(["submit", out, "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": "t0k3n-for-test"])
        #expect(submitted.status == 1)
        #expect(submitted.stderr.contains("[input_partial]"))
    }

    /// 30 records as `parse` writes them, cut in the middle of the 21st line: what a stage
    /// killed mid-write leaves in the pipe.
    static func cutStream() throws -> Data {
        var csv = "Email,First Name\n"
        for i in 0..<30 { csv += "u\(i)@x.com,N\(i)\n" }
        let parsed = try Listwash.run(["parse", "-"], stdin: Data(csv.utf8))
        let lines = parsed.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return Data((lines[0..<20].joined(separator: "\n") + "\n" + lines[20].prefix(25)).utf8)
    }

    @Test(arguments: ["normalize", "dedupe", "exclude", "batch"])
    func aStreamCutMidLineIsReadInPartNotAMalformedRow(_ stage: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let args: [String] = switch stage {
        case "exclude": ["exclude", try dir.write("none.txt", "nobody@x.com\n")]
        case "batch": ["batch", "-o", dir.path + "/out"]
        default: [stage]
        }
        let r = try Listwash.run(args, stdin: try Self.cutStream())
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("in 21 = out 20 + rejected 1 (input_partial 1)"), "\(r.stderr)")
        #expect(r.stderr.contains("PARTIAL: standard input ended in the middle of line 21"))
        if stage != "batch" {
            // dedupe writes its survivors at the end: the marker is among the lines, not last.
            let marker = try #require(r.stdout.split(separator: "\n").first { $0.contains(#""code":"input_partial""#) })
            #expect(marker.contains(#""line":21"#))
        }
    }

    @Test func aCutStreamStopsSubmitAndABrokenLineBeforeTheEndDoesNot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let normalized = try Listwash.run(["normalize"], stdin: try Self.cutStream())
        let out = dir.path + "/out"
        _ = try Listwash.run(["batch", "-o", out], stdin: normalized.stdoutBytes)
        let submitted = try Listwash.run(["submit", out, "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": "t0k3n-for-test"])
        #expect(submitted.status == 1)
        #expect(submitted.stderr.contains("[input_partial]"))

        // A broken line followed by others is a malformed row, not a cut stream.
        var lines = try Self.cutStream()
        lines.append(contentsOf: Array("\n{\"email\":\"z@x.com\",\"_src\":{\"file\":\"a\",\"record\":1,\"line\":2}}\n".utf8))
        let whole = try Listwash.run(["normalize"], stdin: lines)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stderr.contains("(row_malformed 1)"))
    }
}
