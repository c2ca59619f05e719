import Foundation
import Testing
import ListwashTestSupport

/// A list-scoped exclusion (exclude's `excluded_from_lists` note) must also block the batch's
/// run-level `--subscribe`: otherwise the batch would re-subscribe the contact it excluded.
struct ScopedExclusionBatchTests {
    @Test func runLevelSubscriptionSkipsListsTheContactIsExcludedFrom() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = """
        {"email":"kept@example.org","_src":{"file":"a.csv","record":1,"line":2}}
        {"email":"scoped@example.org","_src":{"file":"a.csv","record":2,"line":3},"_notes":[{"code":"excluded_from_lists","field":"subscribe","message":"m","lists":[3]}]}

        """
        let r = try Listwash.run(["batch", "-o", dir.path + "/out", "--subscribe", "3", "--subscribe", "4", "--source-map=false"], stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let body = try String(contentsOfFile: dir.path + "/out/batch-00001.json", encoding: .utf8)
        #expect(body.contains(#"{"email":"kept@example.org","tags":[],"subscribe":[{"listid":3},{"listid":4}]}"#), "\(body)")
        #expect(body.contains(#"{"email":"scoped@example.org","tags":[],"subscribe":[{"listid":4}]}"#), "\(body)")
    }
}
