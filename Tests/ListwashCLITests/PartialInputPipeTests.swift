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
}
