import ArgumentParser
import ListwashCore

/// Exit statuses (DESIGN §8).
enum ExitStatus {
    /// The run completed (rejects are not failures), or the reader of stdout went away.
    static let ok: Int32 = 0
    /// A runtime failure: unreadable input, a file read only in part, a write error.
    static let failure: Int32 = 1
    /// An audit or reject gate failed.
    static let gateFailed: Int32 = 2
    /// Bad flags or an invalid pipeline file (EX_USAGE).
    static let usage: Int32 = 64
}

/// Prints `message` on stderr and ends the command with `status`.
func fail(_ message: CustomStringConvertible, status: Int32) -> ExitCode {
    printError(message.description)
    return ExitCode(status)
}
