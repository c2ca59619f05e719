import Foundation
import Testing
import ListwashCore
import ListwashParsers
import ListwashTestSupport

/// Golden cases, one per real-world dialect: a tiny self-written file imitating each exporter
/// (`Fixtures/vcard/<name>.vcf`) and the exact records expected (`<name>.expected.jsonl`).
/// `LISTWASH_UPDATE_GOLDEN=1` rewrites the expected files; review them with `git diff`.
struct VCardDialectGoldenTests {
    static let dialects = ["iphone", "android", "outlook", "gmail", "thunderbird", "apple-utf16be", "broken"]

    @Test(arguments: dialects)
    func dialectReadsAsExpected(_ name: String) throws {
        let path = PackagePaths.fixture("ListwashParsersTests", "vcard/\(name).vcf")
        let parsed = try VCardTestParsing.parse(path: path)
        let actual = parsed.records.map { r -> String in
            var r = r
            r.source.file = "\(name).vcf"
            return r.jsonLine
        }.joined(separator: "\n") + "\n"
        let expectedPath = PackagePaths.fixture("ListwashParsersTests", "vcard/\(name).expected.jsonl")
        if ProcessInfo.processInfo.environment["LISTWASH_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: URL(fileURLWithPath: expectedPath))
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test func dialectFactsAreReported() throws {
        let facts = try Self.dialects.map { name in
            try VCardTestParsing.parse(path: PackagePaths.fixture("ListwashParsersTests", "vcard/\(name).vcf")).facts
        }
        #expect(facts[0] == [KeyValue("encoding", "utf-8"), KeyValue("line_endings", "crlf"), KeyValue("versions", "3.0"), KeyValue("cards", "1")])
        #expect(facts[1][key: "versions"] == "2.1" && facts[1][key: "cards"] == "3")
        #expect(facts[5][key: "encoding"] == "utf-16be (no BOM)")
        #expect(facts[6][key: "line_endings"] == "lf" && facts[6][key: "cards"] == "6")
    }
}
