import ArgumentParser
import Foundation
import ListwashCore
import ListwashSandbox

/// `listwash sandbox`: serves a local emulator of ActiveCampaign's bulk-import API, to rehearse
/// an import (and for the submit tests).
struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a local emulator of ActiveCampaign's bulk-import API.",
        discussion: """
        Endpoints: POST/GET /api/3/import/bulk_import, GET /api/3/import/info, POST /api/3/contact/sync \
        (and /contacts, /tags, /contactTags, /contactLists); sandbox-only: GET /_sandbox/contacts, \
        /_sandbox/imports, /_sandbox/requests (counters per minute), /_sandbox/callbacks, and \
        /_sandbox/callback-sink to receive callbacks.
        Then: listwash submit DIR --base-url http://127.0.0.1:PORT
        """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8930

    @Option(help: ArgumentHelp("The API token the sandbox accepts.", valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-env"), help: ArgumentHelp("Environment variable holding the token to accept.", valueName: "name"))
    var tokenEnv: String?

    @Option(help: ArgumentHelp("SQLite file for the contacts (default: in memory).", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("Account exclusion list: an address, 'begins:TEXT', 'ends:TEXT' or '@domain' a line.", valueName: "file"))
    var exclusions: String?

    @Option(name: .customLong("fail-rate"), help: "Share of API requests answered 500/502/503 (0...1).")
    var failRate = 0.0

    @Option(name: .customLong("import-fail-rate"), help: "Share of queued imports that end with status 'failed' (0...1).")
    var importFailRate = 0.0

    @Option(help: ArgumentHelp("Added latency in ms: 'N' or 'MIN-MAX'.", valueName: "ms"))
    var latency = "0"

    @Option(name: .customLong("drop-connections"), help: "Share of API requests whose connection is dropped (0...1).")
    var dropConnections = 0.0

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Multi-contact imports admitted per minute.", valueName: "N/min"))
    var rateLimit = "100/min"

    @Option(name: .customLong("single-rate-limit"), help: ArgumentHelp("Single-contact imports admitted per minute.", valueName: "N/min"))
    var singleRateLimit = "20/min"

    @Option(name: .customLong("rate-limit-status"), help: "Answer to an import over the limit: 400 (documented) or 429 with Retry-After.")
    var rateLimitStatus = 400

    @Option(name: .customLong("requests-per-second"), help: "API requests admitted per second (0: unlimited).")
    var requestsPerSecond = 5

    @Option(name: .customLong("status-step-ms"), help: "Milliseconds between two steps of an import's status.")
    var statusStepMs = 1000.0

    @Option(help: "Seed for fault injection.")
    var seed: UInt64?

    @Option(name: .customLong("failure-index-base"), help: "Base of the contact indexes in failureReasons: 0 or 1.")
    var failureIndexBase = 0

    // Test-only: the length of a "minute" for every rate window.
    @Option(name: .customLong("minute-ms"), help: .hidden)
    var minuteMs = 60_000.0

    func run() async throws {
        var config: SandboxConfiguration
        do {
            let accepted: String
            if let token { accepted = token } else if let name = tokenEnv, let v = currentEnvironment()[name], !v.isEmpty { accepted = v } else {
                throw SandboxUsage("give the token to accept with --token T or --token-env NAME")
            }
            config = SandboxConfiguration(token: accepted)
            config.host = host
            config.port = port
            config.databasePath = db
            if let exclusions {
                guard let data = FileManager.default.contents(atPath: exclusions) else { throw SandboxUsage("cannot read exclusion list '\(exclusions)'") }
                config.exclusions = ExclusionEntry.parse(file: String(decoding: data, as: UTF8.self))
            }
            guard (0...1).contains(failRate), (0...1).contains(dropConnections), (0...1).contains(importFailRate) else {
                throw SandboxUsage("--fail-rate, --drop-connections and --import-fail-rate take a share from 0 to 1")
            }
            config.importFailRate = importFailRate
            guard failureIndexBase == 0 || failureIndexBase == 1 else { throw SandboxUsage("--failure-index-base is 0 or 1") }
            config.failureIndexBase = failureIndexBase
            config.failRate = failRate
            config.dropRate = dropConnections
            config.latency = try Self.range(latency)
            config.importsPerMinute = try Self.perMinute(rateLimit)
            config.singleImportsPerMinute = try Self.perMinute(singleRateLimit)
            guard rateLimitStatus == 400 || rateLimitStatus == 429 else { throw SandboxUsage("--rate-limit-status is 400 or 429") }
            config.rateLimitStatus = rateLimitStatus
            config.requestsPerSecond = requestsPerSecond
            config.statusStep = statusStepMs / 1000
            config.minute = minuteMs / 1000
            config.seed = seed
        } catch {
            throw fail("\(error)", status: ExitStatus.usage)
        }
        let server: SandboxServer
        do { server = try SandboxServer(config) } catch {
            throw fail("listwash sandbox: error: cannot open the contacts database: \(error)", status: ExitStatus.failure)
        }
        let host = config.host
        do {
            try await server.run(handleSignals: true) { port in
                printError("listwash sandbox: listening on http://\(host):\(port)")
            }
        } catch {
            throw fail("listwash sandbox: error: \(error)", status: ExitStatus.failure)
        }
    }

    static func perMinute(_ text: String) throws -> Int {
        let number = text.hasSuffix("/min") ? String(text.dropLast(4)) : text
        guard let n = Int(number), n >= 0 else { throw SandboxUsage("'\(text)' is not a rate: write N/min") }
        return n
    }

    static func range(_ text: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: "-").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard let lo = parts.first ?? nil, lo >= 0 else { throw SandboxUsage("'\(text)' is not a latency: write N or MIN-MAX milliseconds") }
        let hi = parts.count > 1 ? (parts[1] ?? lo) : lo
        guard hi >= lo else { throw SandboxUsage("'\(text)': MIN is above MAX") }
        return (lo / 1000)...(hi / 1000)
    }
}

/// A bad sandbox flag.
struct SandboxUsage: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { "listwash sandbox: error: \(message) [usage]" }
}
