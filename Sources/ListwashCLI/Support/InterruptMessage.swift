import Foundation

/// On Ctrl-C (SIGINT), says how to go on before the process ends with status 130, as a shell
/// reports an interrupt. Nothing needs cleaning up first: the submit ledger commits every state
/// change before the next request, and a batch folder left half written is taken over by the
/// next run; that is what makes `kill -9` safe too.
///
/// The handler also replaces an ignored SIGINT (what a non-interactive shell gives a command it
/// starts in the background), so such a command can still be interrupted.
enum InterruptMessage {
    /// The message as the handler writes it, made before the handler is installed: a signal
    /// handler may only call async-signal-safe functions (`write`, `_exit`), so it cannot
    /// build a string.
    nonisolated(unsafe) private static var text: UnsafeMutablePointer<CChar>?

    /// Installs the handler, which writes `message` on its own line to standard error.
    static func install(_ message: String) {
        text = strdup("\n" + message + "\n")
        signal(SIGINT) { _ in
            if let p = InterruptMessage.text { _ = write(2, p, strlen(p)) }
            _exit(130)
        }
    }
}
