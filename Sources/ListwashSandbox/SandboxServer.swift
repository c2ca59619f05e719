import Hummingbird
import ListwashCore
import Logging

/// `listwash sandbox`: a local emulator of ActiveCampaign's bulk-import API (Hummingbird),
/// faithful to ac-bulk-import-api.md, for tests and for rehearsing an import (DESIGN §5).
public struct SandboxServer: Sendable {
    public let state: SandboxState

    public init(_ configuration: SandboxConfiguration) throws {
        state = try SandboxState(configuration)
    }

    /// Serves until the task is cancelled (or SIGINT/SIGTERM when `handleSignals`); `onReady`
    /// gets the port actually bound (useful with port 0).
    public func run(handleSignals: Bool = false, onReady: @escaping @Sendable (Int) async -> Void) async throws {
        let config = state.configuration
        let router = Router(context: BasicRequestContext.self)
        SandboxRoutes.register(on: router, state: state)
        var logger = Logger(label: "listwash.sandbox")
        logger.logLevel = .critical  // cancellation at shutdown logs errors that are not
        let app = Application(router: router,
                              configuration: ApplicationConfiguration(address: .hostname(config.host, port: config.port), serverName: "listwash-sandbox"),
                              onServerRunning: { channel in await onReady(channel.localAddress?.port ?? config.port) },
                              logger: logger)
        try await app.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }
}
