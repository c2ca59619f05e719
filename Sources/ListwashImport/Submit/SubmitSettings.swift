import Foundation
import ListwashCore

/// The `submit:` block of a pipeline file (DESIGN §4), read through ``SubmitSettings/spec`` like
/// every stage, so `listwash lint` and `stages explain submit` see the same definition. The
/// token itself never appears in a file: only the name of its variable or file.
public enum SubmitSettings {
    public static let spec = StageSpec(name: "submit", summary: SubmitSettings.summary, settings: [
        SettingSpec("base_url", kind: .string, summary: "API base URL: https://ACCOUNT.api-us1.com or a sandbox (${VAR} expanded).", expandsEnvironment: true),
        SettingSpec("account", kind: .string, summary: "Account name, instead of base_url: https://NAME.api-us1.com."),
        SettingSpec("token_env", kind: .string, default: "AC_API_TOKEN", summary: "Environment variable holding the API token (the token itself never appears in a file).", expandsEnvironment: true),
        SettingSpec("token_file", kind: .string, summary: "File whose first line is the API token.", expandsEnvironment: true),
        SettingSpec("ledger", kind: .string, summary: "Ledger database (default OUT/ledger.sqlite).", expandsEnvironment: true),
        SettingSpec("imports_per_minute", kind: .integer, default: "100", summary: "Multi-contact imports per minute (at most 100)."),
        SettingSpec("single_imports_per_minute", kind: .integer, default: "20", summary: "Single-contact imports per minute (at most 20)."),
        SettingSpec("requests_per_second", kind: .integer, default: "5", summary: "API requests per second (at most 5)."),
        SettingSpec("timeout", kind: .number, default: "30", summary: "Seconds before a request times out."),
        SettingSpec("max_attempts", kind: .integer, default: "8", summary: "Attempts per batch before it is marked failed. A rate-limit answer is not an attempt: it is waited out (its Retry-After, else the minute the documented answer asks for), up to 60 times."),
        SettingSpec("poll_interval", kind: .number, default: "2", summary: "Seconds between two status polls of a batch."),
        SettingSpec("poll_timeout", kind: .number, default: "3600", summary: "Seconds to keep polling before leaving a batch for a re-run."),
        SettingSpec("small_route", kind: .boolean, default: "true", summary: "Send imports of 10 or fewer contacts through /contact/sync (false: refuse them)."),
        SettingSpec("retry_failed", kind: .boolean, default: "false", summary: "Send failed and interrupted batches of earlier runs again."),
    ], example: """
    submit:
      base_url: ${AC_BASE_URL}
      token_env: AC_API_TOKEN
    """)

    public static let summary = "Send batches to ActiveCampaign, paced, resumable, recorded in a ledger."

    /// Builds the configuration for the batch folder `directory` from a `submit:` block,
    /// reporting every problem at once (token problems included, without the token).
    public static func configuration(settings: SettingNode, context: StageContext, directory: String) throws(DiagnosticList) -> SubmitConfiguration {
        var r = SettingsReader(settings, spec: spec)
        let base = r.string("base_url").map { expand($0, context.environment) }
        let account = r.string("account")
        let tokenEnv = r.string("token_env") ?? "AC_API_TOKEN"
        let tokenFile = r.string("token_file").map(context.resolve)
        let ledger = r.string("ledger").map(context.resolve)
        let values = Values(&r)

        var url: URL?
        do throws(SubmitError) {
            switch (base, account) {
            case let (b?, nil): url = try SubmitConfiguration.baseURL(b)
            case let (nil, a?): url = try SubmitConfiguration.accountURL(a)
            default: r.problem("give exactly one of 'base_url' and 'account'", at: r.node("base_url") ?? r.node("account"), code: "missing_setting")
            }
        } catch {
            r.problem(Self.message(error), at: r.node(base != nil ? "base_url" : "account"))
        }
        var token: APIToken?
        do throws(SubmitError) {
            if let tokenFile { token = try APIToken.fromFile(tokenFile) } else { token = try APIToken.fromEnvironment(tokenEnv, environment: context.environment) }
        } catch {
            r.problem(Self.message(error), at: r.node(tokenFile != nil ? "token_file" : "token_env"), code: "token_missing")
        }
        // The base URL goes into the ledger and `status` prints it: it must not carry the token.
        if let url, let token, token.appears(in: url.absoluteString) {
            r.problem("the base URL holds the API token; it would be written to the ledger and printed by 'listwash status'",
                      at: r.node("base_url"), code: "token_in_setting", fix: "give the account's URL only: the token is sent in the Api-Token header")
        }
        try r.finish()
        guard let url, let token else { throw DiagnosticList([]) }
        var c = SubmitConfiguration(directory: directory, ledgerPath: ledger, baseURL: url, token: token)
        c.limits = values.limits
        if let timeout = values.timeout { c.timeout = timeout }
        if let maxAttempts = values.maxAttempts { c.maxAttempts = maxAttempts }
        if let pollInterval = values.pollInterval { c.pollInterval = pollInterval }
        if let pollTimeout = values.pollTimeout { c.pollTimeout = pollTimeout }
        if let smallRoute = values.smallRoute { c.smallRoute = smallRoute }
        if let retryFailed = values.retryFailed { c.retryFailed = retryFailed }
        return c
    }

    /// Every problem of a `submit:` block that needs neither the environment nor the network:
    /// unknown keys, wrong types, rate limits above the API's, times that are not positive, no
    /// attempt. `listwash lint` and `listwash run` report them before anything is read; found
    /// only when submitting, a pipeline that 'lint' passed failed after writing its batches.
    public static func problems(settings: SettingNode) -> [Diagnostic] {
        var r = SettingsReader(settings, spec: spec)
        for s in spec.settings { _ = r.node(s.path) }
        _ = Values(&r)
        do { try r.finish() } catch { return error.diagnostics }
        return []
    }

    /// The block's values that are not about where or as whom to send, each checked against
    /// what `listwash submit`'s flags accept.
    struct Values {
        var limits = PacerLimits.activeCampaign
        var timeout: Double?
        var maxAttempts: Int?
        var pollInterval: Double?
        var pollTimeout: Double?
        var smallRoute: Bool?
        var retryFailed: Bool?

        init(_ r: inout SettingsReader) {
            func bounded(_ path: String, _ range: ClosedRange<Int>, _ value: inout Int) {
                guard let v = r.int(path) else { return }
                if range.contains(v) { value = v } else {
                    r.problem("'\(path)' must be within \(range.lowerBound)...\(range.upperBound), found \(v)", at: r.node(path),
                              fix: "rate limits may only be lowered below ActiveCampaign's")
                }
            }
            func checked<T: Comparable>(_ value: T?, _ path: String, atLeast low: T, inclusive: Bool, _ what: String) -> T? {
                guard let value else { return nil }
                if inclusive ? value >= low : value > low { return value }
                r.problem("'\(path)' must be \(what), found \(value)", at: r.node(path))
                return nil
            }
            bounded("imports_per_minute", 1...100, &limits.importsPerMinute)
            bounded("single_imports_per_minute", 1...20, &limits.singleImportsPerMinute)
            bounded("requests_per_second", 1...5, &limits.requestsPerSecond)
            timeout = checked(r.double("timeout"), "timeout", atLeast: 0, inclusive: false, "more than 0 seconds")
            maxAttempts = checked(r.int("max_attempts"), "max_attempts", atLeast: 1, inclusive: true, "at least 1")
            pollInterval = checked(r.double("poll_interval"), "poll_interval", atLeast: 0, inclusive: true, "0 seconds or more")
            pollTimeout = checked(r.double("poll_timeout"), "poll_timeout", atLeast: 0, inclusive: false, "more than 0 seconds")
            smallRoute = r.bool("small_route")
            retryFailed = r.bool("retry_failed")
        }
    }

    static func message(_ e: SubmitError) -> String {
        if case .usage(let m, _) = e { return m }
        return e.message
    }

    /// `${VAR}` replaced from `environment` (unset variables become empty).
    static func expand(_ text: String, _ environment: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            out += rest[..<open.lowerBound]
            out += environment[String(rest[open.upperBound..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
