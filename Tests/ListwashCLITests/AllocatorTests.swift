import Foundation
import Testing
import ListwashTestSupport

/// The `listwash` executable allocates with mimalloc (Package.swift, `LISTWASH_MALLOC`): asked
/// for its statistics at exit, mimalloc prints them, which glibc's `malloc` would not.
struct AllocatorTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LISTWASH_MALLOC"] != "system"))
    func theExecutableAllocatesWithMimalloc() throws {
        let r = try Listwash.run(["--version"], environment: ["MIMALLOC_SHOW_STATS": "1"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("heap stats"), "no mimalloc statistics on stderr: \(r.stderr.prefix(300))")
    }
}
