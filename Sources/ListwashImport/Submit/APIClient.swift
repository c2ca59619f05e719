import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP answer: status, body, and `Retry-After` in seconds when the server sent one.
public struct HTTPReply: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var retryAfter: Double?

    public init(status: Int, body: [UInt8], retryAfter: Double? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }

    public var text: String { String(decoding: body.prefix(300), as: UTF8.self) }
}

/// A request that got no HTTP answer. `maybeDelivered` tells whether the server may have
/// received it whole (a timeout or a reset after sending) as opposed to a refused connection.
public struct TransportFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var maybeDelivered: Bool
    public var description: String { message }
}

/// The ActiveCampaign v3 API over URLSession (FoundationNetworking: on par with
/// async-http-client at this request rate, and no BoringSSL in the build; PLATFORM.md §4).
/// Adds the `Api-Token` header to every request and never puts the token anywhere else.
public final class APIClient: Sendable {
    /// `https://ACCOUNT.api-us1.com` or the sandbox; paths are appended under `/api/3`.
    public let baseURL: URL
    let token: APIToken
    let session: URLSession

    public init(baseURL: URL, token: APIToken, timeout: Double) {
        self.baseURL = baseURL
        self.token = token
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout * 2
        config.httpMaximumConnectionsPerHost = 2
        config.urlCache = nil
        session = URLSession(configuration: config)
    }

    /// Sends one request to `/api/3/<path>` and returns the answer, whatever its status.
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil) async -> Result<HTTPReply, TransportFailure> {
        var components = URLComponents(url: baseURL.appendingPathComponent("api/3/" + path), resolvingAgainstBaseURL: false)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url else {
            return .failure(TransportFailure(message: "cannot build a URL for '\(path)'", maybeDelivered: false))
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(token.value, forHTTPHeaderField: "Api-Token")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
        }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                return .failure(TransportFailure(message: "no HTTP response", maybeDelivered: true))
            }
            let retry = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Self.parseRetryAfter)
            return .success(HTTPReply(status: http.statusCode, body: [UInt8](data), retryAfter: retry))
        } catch let e as URLError {
            return .failure(Self.describe(e, host: Self.hostAndPort(of: baseURL)))
        } catch {
            return .failure(TransportFailure(message: "request failed: \(error.localizedDescription)", maybeDelivered: true))
        }
    }

    /// What went wrong, in words a user can act on, naming the host (never the token, which
    /// travels only in a header). 'cannot connect (-1004)' said neither where nor why.
    static func describe(_ e: URLError, host: String) -> TransportFailure {
        switch e.code {
        case .timedOut: return TransportFailure(message: "timed out", maybeDelivered: true)
        case .cannotConnectToHost:
            return TransportFailure(message: "cannot connect to \(host): nothing accepts connections there; check the base URL and that the server runs",
                                    maybeDelivered: false)
        case .cannotFindHost, .dnsLookupFailed:
            return TransportFailure(message: "cannot find the host of \(host); check the base URL or account name", maybeDelivered: false)
        case .networkConnectionLost: return TransportFailure(message: "connection lost", maybeDelivered: true)
        case .notConnectedToInternet: return TransportFailure(message: "not connected", maybeDelivered: false)
        case .unknown:
            return TransportFailure(message: "network error (the connection to \(host) failed or closed without an answer)", maybeDelivered: true)
        default: return TransportFailure(message: "network error \(e.code.rawValue) talking to \(host)", maybeDelivered: true)
        }
    }

    /// `host:port` of `url` (the port only when written), for messages.
    static func hostAndPort(of url: URL) -> String {
        guard let host = url.host else { return url.absoluteString }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    /// `Retry-After` as seconds: a number (decimals accepted; the sandbox sends them when its
    /// clock is scaled down for tests) or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let s = Double(v), s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let d = f.date(from: v) { return max(0, d.timeIntervalSinceNow) }
        return nil
    }
}
