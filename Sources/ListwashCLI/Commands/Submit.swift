import ArgumentParser
import Foundation
import ListwashCore
import ListwashImport
import Logging

/// `listwash submit DIR`: sends a batch folder to ActiveCampaign (or the sandbox), paced,
/// retried, polled to the end and recorded in `DIR/ledger.sqlite`; safe to kill and re-run.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a batch folder to ActiveCampaign: paced, resumable, recorded in a ledger.",
        discussion: """
        The API token comes from an environment variable (AC_API_TOKEN, or --token-env NAME) or \
        --token-file FILE; it is never a flag's value and is never printed, logged or stored.

        Re-running the same command resumes: completed batches are skipped, queued ones polled, \
        one interrupted mid-request sent again (safe: the importer upserts by email). \
        'listwash status DIR' prints the ledger.

        Imports of 10 or fewer contacts go through the contacts API (/contact/sync), or are refused \
        with --no-small-route; those carrying what that API drops (a company, exclude_automations, \
        a callback) go in bulk. Rehearse against 'listwash sandbox' first.
        """)

    @Argument(help: "The batch folder written by 'listwash batch'.")
    var directory: String

    @Option(name: .customLong("base-url"), help: ArgumentHelp("API base URL (https://ACCOUNT.api-us1.com, or a sandbox).", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("Account name: the base URL becomes https://NAME.api-us1.com.", valueName: "name"))
    var account: String?

    @Option(name: .customLong("token-env"), help: ArgumentHelp("Environment variable holding the API token.", valueName: "name"))
    var tokenEnv = "AC_API_TOKEN"

    @Option(name: .customLong("token-file"), help: ArgumentHelp("File whose first line is the API token.", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Ledger database (default DIR/ledger.sqlite).", valueName: "file"))
    var ledger: String?

    @Option(name: .customLong("imports-per-minute"), help: "Multi-contact imports per minute (at most 100).")
    var importsPerMinute = 100

    @Option(name: .customLong("single-imports-per-minute"), help: "Single-contact imports per minute (at most 20).")
    var singleImportsPerMinute = 20

    @Option(name: .customLong("requests-per-second"), help: "API requests per second, all endpoints (at most 5).")
    var requestsPerSecond = 5

    @Option(help: "Seconds before a request times out.")
    var timeout = 30.0

    @Option(name: .customLong("max-attempts"), help: "Attempts per batch before it is marked failed.")
    var maxAttempts = 8

    @Option(name: .customLong("poll-interval"), help: "Seconds between two status polls of a batch.")
    var pollInterval = 2.0

    @Option(name: .customLong("poll-timeout"), help: "Seconds to keep polling a batch before leaving it for a re-run.")
    var pollTimeout = 3600.0

    @Flag(name: .customLong("no-small-route"), help: "Refuse imports of 10 or fewer contacts instead of using /contact/sync.")
    var noSmallRoute = false

    @Flag(name: .customLong("retry-failed"), help: "Send failed and interrupted batches of earlier runs again.")
    var retryFailed = false

    @Flag(name: .customLong("allow-partial"), help: "Send a folder made from an input read only in part (input_partial rejects).")
    var allowPartial = false

    @Flag(name: .customLong("no-progress"), help: "No progress line, even on a terminal.")
    var noProgress = false

    @Option(help: ArgumentHelp("Write the summary as JSON to this file.", valueName: "file"))
    var stats: String?

    // Test-only: shrink the clock so rate windows, backoff and polling run in milliseconds.
    @Option(name: .customLong("minute-ms"), help: .hidden)
    var minuteMs: Double?

    @Option(name: .customLong("backoff-base-ms"), help: .hidden)
    var backoffBaseMs = 1000.0

    @Option(name: .customLong("backoff-max-ms"), help: .hidden)
    var backoffMaxMs = 60000.0

    func validate() throws {
        if (baseURL == nil) == (account == nil) {
            throw ValidationError("give exactly one of --base-url URL and --account NAME")
        }
        guard (1...100).contains(importsPerMinute), (1...20).contains(singleImportsPerMinute), (1...5).contains(requestsPerSecond) else {
            throw ValidationError("rate limits may only be lowered: --imports-per-minute 1...100, --single-imports-per-minute 1...20, --requests-per-second 1...5")
        }
        guard timeout > 0, maxAttempts >= 1, pollInterval >= 0, pollTimeout > 0 else {
            throw ValidationError("--timeout and --poll-timeout must be positive, --max-attempts at least 1")
        }
    }

    func run() async throws {
        InterruptMessage.install("listwash submit: interrupted; run the same command again to resume (the ledger is up to date)")
        let partialInputs = BatchFolder.partialInputs(directory)
        if partialInputs > 0 && !allowPartial {
            throw fail("listwash submit: error: \(directory)/manifest.json: \(partialInputs) input\(partialInputs == 1 ? " was" : "s were") read only in part (input_partial in rejects.jsonl): the contacts after the break are in no batch [input_partial]\n  fix: repair the input and make the batches again, or pass --allow-partial to send what was read",
                       status: ExitStatus.failure)
        }
        let config: SubmitConfiguration
        do {
            let url: URL
            if let baseURL { url = try SubmitConfiguration.baseURL(baseURL) } else { url = try SubmitConfiguration.accountURL(account ?? "") }
            let token: APIToken
            if let tokenFile { token = try APIToken.fromFile(tokenFile) } else { token = try APIToken.fromEnvironment(tokenEnv, environment: currentEnvironment()) }
            if token.appears(in: url.absoluteString) {
                throw SubmitError.usage("the base URL holds the API token; it would be stored in the ledger and printed by 'listwash status'",
                                        fix: "give the account's URL only: the token is sent in the Api-Token header")
            }
            var c = SubmitConfiguration(directory: directory, ledgerPath: ledger, baseURL: url, token: token)
            let minute = (minuteMs ?? 60_000) / 1000
            c.limits = PacerLimits(importsPerMinute: importsPerMinute, singleImportsPerMinute: singleImportsPerMinute,
                                   requestsPerSecond: requestsPerSecond, minute: minute)
            c.timeout = timeout
            c.maxAttempts = maxAttempts
            c.backoff = Backoff(base: backoffBaseMs / 1000, cap: backoffMaxMs / 1000)
            c.pollInterval = pollInterval
            c.pollTimeout = pollTimeout
            c.smallRoute = !noSmallRoute
            c.retryFailed = retryFailed
            c.progress = !noProgress
            config = c
        } catch {
            throw fail("\(error)", status: ExitStatus.usage)
        }
        let logger = Logger(label: "listwash.submit") { _ in StderrLogHandler(prefix: "listwash submit", level: .notice) }
        let summary: SubmitSummary
        do {
            let submitter = try Submitter(config, logger: logger)
            summary = try await submitter.run()
        } catch {
            throw fail("\(error)", status: ExitStatus.failure)
        }
        printError(summary.line)
        printError(summary.ledger(directory: directory).line)
        if let failed = summary.batches[.failed], failed > 0 {
            printError("listwash submit: note: \(failed) batch\(failed == 1 ? "" : "es") failed; 'listwash submit \(directory) --retry-failed' sends \(failed == 1 ? "it" : "them") again ('listwash status \(directory)' says why)")
        }
        for file in summary.unfinished {
            printError("listwash submit: note: '\(file)' is still being imported; run the same command again to resume polling")
        }
        if let stats { try writeTextFile(stats, summary.json) }
        if !summary.isComplete { throw ExitCode(ExitStatus.failure) }
    }
}
