import Foundation
import Testing
import ListwashTestSupport

/// An import of 10 or fewer contacts goes through /contact/sync unless its contacts carry what
/// that API drops (a company, exclude_automations, a callback): then submit sends it in bulk.
/// The audit says which route the import will take, as submit will choose it.
struct AuditSmallImportRouteTests {
    static let sync = "imports of 10 or fewer go one by one through /contact/sync"

    /// The warnings of `listwash audit ARGS` (from its JSON report).
    static func warnings(_ args: [String], stdin: String = "", directory dir: TemporaryDirectory) throws -> [String] {
        let r = try Listwash.run(["audit"] + args + ["--json", dir.path + "/audit.json"], stdin: Data(stdin.utf8), directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/audit.json"))) as? [String: Any]
        return json?["warnings"] as? [String] ?? []
    }

    @Test func aPipelineWhoseBatchesExcludeAutomationsIsSaidToGoInBulk() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("a.csv", "email,first_name\nann@example.org,Ann\nbob@example.org,Bob\n")
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: a.csv\nbatch:\n  out: out\n  exclude_automations: true\n")
        let w = try Self.warnings(["p.yaml"], directory: dir)
        #expect(!w.contains { $0.contains(Self.sync) }, "\(w)")
        #expect(w.contains("only 2 contacts to import: they go through the bulk import, not /contact/sync (used for 10 or fewer), which would drop exclude_automations"), "\(w)")
    }

    @Test func aPipeOfContactsWithACompanyIsSaidToGoInBulk() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let records = #"{"email":"ann@example.org","customer_acct_name":"Acme","_src":{"file":"x.csv","record":1,"line":2}}"# + "\n"
        let w = try Self.warnings([], stdin: records, directory: dir)
        #expect(w.contains("only 1 contact to import: it goes through the bulk import, not /contact/sync (used for 10 or fewer), which would drop customer_acct_name"), "\(w)")
    }

    @Test func aFewPlainContactsAreSaidToGoThroughTheContactsAPI() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let records = #"{"email":"ann@example.org","first_name":"Ann","_src":{"file":"x.csv","record":1,"line":2}}"# + "\n"
        let w = try Self.warnings([], stdin: records, directory: dir)
        #expect(w.contains("only 1 contact to import: \(Self.sync), not the bulk import"), "\(w)")
    }
}
