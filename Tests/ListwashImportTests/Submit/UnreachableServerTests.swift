import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// A base URL where nothing answers (a wrong port, a server not started): the run stops once
/// the attempts of one batch could not connect, instead of every batch spending its own
/// attempts and backoff on it (64 requests and 100 s for 8 batches, hours for a big import),
/// and the batches stay planned, so a plain re-run sends them.
struct UnreachableServerTests {
    @Test func nothingListeningStopsTheRunAndLeavesTheBatchesPlanned() async throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        try writeBatchFolder(dir, (1...8).map { emails("down\($0)", 11) })
        let r = try await runListwash(["submit", dir, "--base-url", "http://127.0.0.1:9", "--max-attempts", "3",
                                       "--backoff-base-ms", "10", "--backoff-max-ms", "20", "--no-progress"],
                                      environment: ["AC_API_TOKEN": testToken])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("listwash submit: error: no request reached the server: cannot connect to 127.0.0.1:9: "), "\(r.stderr)")
        #expect(r.stderr.contains("[server_unreachable]\n  fix: correct the base URL"), "\(r.stderr)")
        #expect(!r.stderr.contains(testToken))
        let rows = try SubmitLedger.openExisting(path: dir + "/ledger.sqlite").batches()
        #expect(rows.count == 8 && rows.allSatisfy { $0.state == .planned }, "\(rows.map(\.state))")
        #expect(rows.reduce(0) { $0 + $1.attempts } == 3)
    }
}
