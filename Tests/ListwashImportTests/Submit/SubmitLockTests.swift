import Foundation
import ListwashCore
@testable import ListwashImport
import ListwashTestSupport
import Testing

/// One submit per ledger at a time: a second run while the first holds the lock is refused
/// before it sends anything, and the lock goes with the process that held it.
@Suite(.serialized)
struct SubmitLockTests {
    @Test func aSecondSubmitOnTheSameLedgerIsRefused() async throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let dir = tmp.path + "/out"
        _ = try writeBatchFolder(dir, [emails("lock", 12)])
        var held: SubmitLock? = try SubmitLock(ledgerPath: dir + "/ledger.sqlite")
        let refused = try await runListwash(["submit", dir, "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": testToken])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("another 'listwash submit' is running on this ledger"), "\(refused.stderr)")
        #expect(throws: SubmitError.self) { _ = try SubmitLock(ledgerPath: dir + "/ledger.sqlite") }
        held = nil
        #expect(held == nil)
        // Released: the next one takes it.
        _ = try SubmitLock(ledgerPath: dir + "/ledger.sqlite")
    }
}
