import ListwashCore

/// Why `listwash submit` cannot go on. Messages never contain the API token.
public enum SubmitError: Error, Sendable, CustomStringConvertible {
    /// The batch folder is missing, unreadable or inconsistent.
    case folder(path: String, message: String)
    /// The ledger database cannot be opened or written.
    case ledger(path: String, message: String)
    /// The server refused the token (401/403): nothing more can be sent.
    case unauthorized(status: Int)
    /// No request of this run got an answer, and the last ones could not even connect: the
    /// base URL is wrong or the server is down. Unsent batches stay `planned`.
    case unreachable(message: String)
    /// An import of 10 or fewer contacts while the contacts-API route is turned off.
    case smallImportRefused(contacts: Int, directory: String)
    /// A setting is wrong (URL, token source, limits), with a fix when one is known.
    case usage(String, fix: String? = nil)

    /// The message without the command prefix: `what [code]`, then indented notes and fixes.
    public var message: String {
        switch self {
        case let .folder(path, message):
            // As for the ledger: the code ends the first line, a fix the message carries follows.
            let lines = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return "'\(path)' \(lines[0]) [batch_folder_invalid]" + (lines.count > 1 ? "\n" + lines[1] : "")
        case let .ledger(path, message):
            // The code goes on the first line; a fix the message carries follows it.
            let lines = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return "ledger '\(path)': \(lines[0]) [ledger_failed]" + (lines.count > 1 ? "\n" + lines[1] : "")
        case let .unauthorized(status):
            return "the server refused the API token (HTTP \(status)); nothing more was sent [unauthorized]\n  fix: check the token in the environment variable or token file, then run the same command again to resume"
        case let .unreachable(message):
            return "no request reached the server: \(message); nothing more was sent, and the batches stay planned [server_unreachable]\n  fix: correct the base URL (or --account) or start the server, then run the same command again to resume"
        case let .smallImportRefused(contacts, directory):
            return "'\(directory)' holds \(contacts) contact\(contacts == 1 ? "" : "s"); ActiveCampaign asks for the contacts API for 10 or fewer, and --no-small-route turns that route off [small_import_refused]\n  fix: drop --no-small-route to send them one by one through /contact/sync"
        case let .usage(message, fix):
            return "\(message) [usage]" + (fix.map { "\n  fix: \($0)" } ?? "")
        }
    }

    public var description: String { "listwash submit: error: \(message)" }
}
