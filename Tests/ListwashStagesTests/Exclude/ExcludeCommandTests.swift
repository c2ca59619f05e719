import Foundation
import ListwashCore
import ListwashTestSupport
import Testing

/// The real binary (issue 2): `listwash dedupe | listwash exclude ex.txt` with a plain list of
/// addresses, one per line, normalized like contact emails, empty lines ignored.
struct ExcludeCommandTests {
    static let records = """
    {"email":"jane@example.com","_src":{"file":"c.csv","record":1,"line":2}}
    {"email":"bob@x.com","_src":{"file":"c.csv","record":2,"line":3}}
    {"email":"Jane@Example.com","_src":{"file":"c.csv","record":3,"line":4}}
    {"email":"ann@x.com","_src":{"file":"c.csv","record":4,"line":5}}

    """

    @Test func plainPipeWithAPlainExclusionList() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("ex.txt", "  BOB@x.com\t\n\n\nnobody@y.com\n")
        let result = try Listwash.shell("listwash dedupe | listwash exclude ex.txt --stats stats.json", stdin: Data(Self.records.utf8), directory: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let live = lines.filter { !$0.contains("\"_reject\"") }
        #expect(live.count == 2 && live[0].contains("jane@example.com") && live[1].contains("ann@x.com"))
        #expect(lines.contains { $0.contains("\"code\":\"excluded_exact\"") && $0.contains("\"match\":{\"file\":\"ex.txt\",\"line\":1,\"entry\":\"bob@x.com\"}") })
        #expect(lines.contains { $0.contains("\"code\":\"duplicate_merged\"") })
        #expect(result.stderr.contains("exclude: in 4 = out 2 + rejected 2 (duplicate_merged 1, excluded_exact 1)"))
        let stats = try String(contentsOfFile: dir.path + "/stats.json", encoding: .utf8)
        #expect(stats.contains("\"balanced\":true"))
    }

    @Test func missingExclusionFileExitsWithUsage() throws {
        let result = try Listwash.run(["exclude", "/nonexistent/ex.txt"], stdin: Data(Self.records.utf8))
        #expect(result.status == 64)
        #expect(result.stderr.contains("cannot read exclusion file '/nonexistent/ex.txt'"))
    }
}
