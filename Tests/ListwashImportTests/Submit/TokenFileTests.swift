import Foundation
@testable import ListwashImport
import ListwashTestSupport
import Testing

/// A token file as editors save it: a byte order mark (Notepad) and a CRLF are not the token.
struct TokenFileTests {
    @Test func aByteOrderMarkAndALineEndingAreNotPartOfTheToken() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("token", bytes: [0xEF, 0xBB, 0xBF] + Array("t0k3n-from-notepad\r\n".utf8))
        chmod(file, 0o600)
        #expect(try APIToken.fromFile(file).value == "t0k3n-from-notepad")
    }
}
