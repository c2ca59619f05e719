import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import ListwashImport
import Testing

/// A request that got no answer says where it went and what to check: 'cannot connect (-1004)'
/// and 'network error -1' said neither, in every error line and in the ledger.
struct TransportFailureMessageTests {
    @Test func aRefusedConnectionNamesTheHostAndWhatToCheck() {
        let f = APIClient.describe(URLError(.cannotConnectToHost), host: "127.0.0.1:9")
        #expect(f.message == "cannot connect to 127.0.0.1:9: nothing accepts connections there; check the base URL and that the server runs")
        #expect(!f.maybeDelivered)
    }

    @Test func anUnknownHostSaysToCheckTheURL() {
        let f = APIClient.describe(URLError(.cannotFindHost), host: "acme.api-us1.invalid")
        #expect(f.message == "cannot find the host of acme.api-us1.invalid; check the base URL or account name")
        #expect(!f.maybeDelivered)
    }

    @Test func anUnknownFailureSaysTheConnectionFailed() {
        let f = APIClient.describe(URLError(.unknown), host: "127.0.0.1:8930")
        #expect(f.message == "network error (the connection to 127.0.0.1:8930 failed or closed without an answer)")
        #expect(f.maybeDelivered)
    }

    @Test(arguments: [("http://127.0.0.1:8930", "127.0.0.1:8930"), ("https://acme.api-us1.com", "acme.api-us1.com")])
    func theHostIsShownWithItsPortWhenWritten(url: String, shown: String) {
        #expect(APIClient.hostAndPort(of: URL(string: url)!) == shown)
    }

    /// Against a port nothing listens on, through the real client.
    @Test func aClosedPortIsACannotConnectFailure() async throws {
        let client = APIClient(baseURL: URL(string: "http://127.0.0.1:9")!, token: APIToken(testToken), timeout: 5)
        guard case .failure(let f) = await client.send("GET", "import/bulk_import") else {
            Issue.record("something answered on 127.0.0.1:9")
            return
        }
        #expect(f.message.hasPrefix("cannot connect to 127.0.0.1:9: "))
        #expect(!f.message.contains(testToken))
    }
}
