import Foundation

/// Everything `listwash submit` needs to run, resolved from flags or a pipeline's `submit:` key.
public struct SubmitConfiguration: Sendable {
    /// The batch folder (the output of `listwash batch`).
    public var directory: String
    /// The ledger database; `DIR/ledger.sqlite` by default.
    public var ledgerPath: String
    /// `https://ACCOUNT.api-us1.com` or a sandbox.
    public var baseURL: URL
    public var token: APIToken
    public var limits: PacerLimits = .activeCampaign
    /// Seconds before a request counts as timed out.
    public var timeout: Double = 30
    /// Attempts per batch and run before it is `failed`.
    public var maxAttempts: Int = 8
    public var backoff = Backoff(base: 1, cap: 60)
    /// Seconds between two `/import/info` polls of one batch.
    public var pollInterval: Double = 2
    /// Seconds a run keeps polling a batch before leaving it `queued` for the next run.
    public var pollTimeout: Double = 3600
    /// Whether imports of 10 or fewer contacts go through `/contact/sync` (else they are refused).
    public var smallRoute = true
    /// The size at or under which an import takes the contacts-API route.
    public var smallImportThreshold = 10
    /// Whether `failed`/`interrupted` batches of an earlier run are sent again.
    public var retryFailed = false
    /// Whether to draw progress on stderr (when it is a terminal).
    public var progress = false

    public init(directory: String, ledgerPath: String? = nil, baseURL: URL, token: APIToken) {
        self.directory = directory
        self.ledgerPath = ledgerPath ?? (directory as NSString).appendingPathComponent("ledger.sqlite")
        self.baseURL = baseURL
        self.token = token
    }

    /// `https://NAME.api-us1.com` for `--account NAME`.
    public static func accountURL(_ name: String) throws(SubmitError) -> URL {
        let ok = !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || ($0 >= 0x41 && $0 <= 0x5A) }
        guard ok, let url = URL(string: "https://\(name).api-us1.com") else {
            throw .usage("'\(name)' is not an account name (letters, digits and '-')")
        }
        return url
    }

    /// Checks a `--base-url` value.
    public static func baseURL(_ text: String) throws(SubmitError) -> URL {
        var t = text
        while t.hasSuffix("/") { t.removeLast() }
        if t.hasSuffix("/api/3") { t.removeLast("/api/3".count) }
        guard let url = URL(string: t), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw .usage("'\(text)' is not an http(s) URL")
        }
        return url
    }
}
