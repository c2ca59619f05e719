import ListwashCore

/// What `listwash run` calls after batching to send the batches (DESIGN §5). The runner knows
/// nothing of HTTP: the real submitter (ListwashImport/Submit) conforms to this and is handed
/// to the runner by the `run` command.
public protocol PipelineSubmitter {
    /// The settings the submitter reads from a pipeline file's `submit:` block (for the linter,
    /// `stages explain submit` and `${VAR}` expansion).
    static var spec: StageSpec { get }
    /// Sends the batches in `batchDirectory` with the `submit:` block's settings (variables
    /// already expanded) and returns the submit ledger.
    func submit(batchDirectory: String, settings: SettingNode, context: StageContext) async throws -> Ledger
}

/// The submitter used until the real one is wired in: it refuses with a clear message, so a
/// pipeline never looks submitted when it was not. `--dry-run` never calls it.
public struct UnwiredSubmitter: PipelineSubmitter {
    public init() {}

    public static let spec = StageSpec(
        name: "submit",
        summary: "Send batches to ActiveCampaign, paced under the rate limits, resumable, recorded in a ledger.",
        settings: [
            SettingSpec("base_url", kind: .string, summary: "The account's API address, https://ACCOUNT.api-us1.com, or the sandbox's.",
                        expandsEnvironment: true),
            SettingSpec("account", kind: .string, summary: "The account name, for https://NAME.api-us1.com (instead of base_url)."),
            SettingSpec("token_env", kind: .string, default: "AC_API_TOKEN",
                        summary: "The environment variable holding the API token (the token itself never appears in a file).",
                        expandsEnvironment: true),
            SettingSpec("token_file", kind: .string, summary: "A file holding the API token (instead of token_env).", expandsEnvironment: true),
            SettingSpec("ledger", kind: .string, default: "OUT/ledger.sqlite", summary: "The submission ledger (SQLite).", expandsEnvironment: true),
            SettingSpec("max_requests_per_minute", kind: .integer, default: "100",
                        summary: "Multi-contact requests per minute (at most the API's 100)."),
        ],
        example: """
        submit:
          base_url: ${AC_BASE_URL}
          token_env: AC_API_TOKEN
        """)

    public func submit(batchDirectory: String, settings: SettingNode, context: StageContext) async throws -> Ledger {
        throw PipelineError.submitNotWired
    }
}

/// Failures of a pipeline run that are not about one record.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// This build has no submitter.
    case submitNotWired
    /// An input could not be opened or read.
    case input(Diagnostic)
    /// The pipeline has no `batch:` output directory to submit from.
    case noBatchDirectory

    public var description: String {
        switch self {
        case .submitNotWired:
            return "error: submitting is not available in this build [submit_unavailable]\n  fix: run with --dry-run to write the batches without sending them"
        case .input(let d):
            return d.description
        case .noBatchDirectory:
            return "error: the pipeline has no 'batch: {out: DIR}' to submit from [missing_key]\n  fix: add 'out:' to the 'batch:' block"
        }
    }
}
