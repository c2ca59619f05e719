#if canImport(Glibc)
import Glibc
#endif
import ListwashCore
import Logging

/// A swift-log handler that prints `listwash submit: warning: message` lines on stderr (stdout
/// stays free for data). Messages are built by listwash and never carry the API token.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let prefix: String

    public init(prefix: String, level: Logger.Level = .warning) {
        self.prefix = prefix
        logLevel = level
    }

    static let isTerminal = isatty(2) == 1

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let kind: String
        switch event.level {
        case .critical, .error: kind = "error"
        case .warning: kind = "warning"
        default: kind = "note"
        }
        // On a terminal, first clear the progress line this message would otherwise run into.
        printError("\(prefix): \(kind): \(event.message)", control: Self.isTerminal ? "\r\u{1B}[2K" : "")
    }
}
