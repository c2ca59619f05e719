import Foundation
import Testing
import ListwashTestSupport

/// DESIGN §8: a reader that goes away (`| head`) ends the command quietly with status 0.
struct ClosedOutputTests {
    @Test func aStageWhoseReaderGoesAwayExitsZeroQuietly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var lines = ""
        for i in 1...60_000 { lines += #"{"email":"p\#(i)@example.org","_src":{"file":"a.csv","record":\#(i),"line":\#(i + 1)}}"# + "\n" }
        let input = try dir.write("in.jsonl", lines)
        let r = try Listwash.shell("bash -c 'set -o pipefail; listwash dedupe < \"\(input)\" | head -n 1 >/dev/null; echo status=$?'")
        #expect(r.stdout.contains("status=0"))
        #expect(!r.stderr.contains("error"))
    }
}
