/// How the sandbox behaves: where it listens, the token it accepts, its limits, its clock, and
/// the faults it injects (for tests and for rehearsing an import).
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (read it back from ``SandboxServer/run(onReady:)``).
    public var port = 8930
    /// The `Api-Token` every `/api/3` request must carry.
    public var token: String
    /// Contacts database; in memory when nil.
    public var databasePath: String?
    /// The account-side exclusion list.
    public var exclusions: [ExclusionEntry] = []
    /// Share of API requests answered with a server error (500/502/503) before any work.
    public var failRate = 0.0
    /// Share of API requests whose connection is dropped before any work.
    public var dropRate = 0.0
    /// Share of queued imports the importer ends as `failed` (nothing imported, every contact
    /// listed in `failure`), to rehearse that terminal status.
    public var importFailRate = 0.0
    /// The base of `contact` indexes in failureReasons: 0 as listwash assumes, 1 to rehearse
    /// the other reading of the docs.
    public var failureIndexBase = 0
    /// Added latency in seconds, drawn uniformly from this range.
    public var latency: ClosedRange<Double> = 0...0
    /// Multi-contact bulk imports admitted per minute (ActiveCampaign: 100).
    public var importsPerMinute = 100
    /// Single-contact bulk imports admitted per minute (ActiveCampaign: 20).
    public var singleImportsPerMinute = 20
    /// API requests admitted per second (0: no limit; ActiveCampaign: about 5).
    public var requestsPerSecond = 5
    /// How an import over the per-minute limit is answered: 400 with string failureReasons (as
    /// documented) or 429 with `Retry-After`.
    public var rateLimitStatus = 400
    /// Seconds between two steps of a batch's status (`false` → waiting → claimed → active → completed).
    public var statusStep = 1.0
    /// Length of a "minute" in seconds (tests shrink it; every window scales with it).
    public var minute = 60.0
    /// Seed for the fault injection (random when nil).
    public var seed: UInt64?

    public init(token: String) { self.token = token }
}
