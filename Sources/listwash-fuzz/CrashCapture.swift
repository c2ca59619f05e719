import Foundation

/// Writes the input being processed to `crash-TARGET-<pid>` when the process traps, so a finding
/// of the mutation loop can be replayed (libFuzzer does this itself).
enum CrashCapture {
    nonisolated(unsafe) static var current: UnsafeBufferPointer<UInt8>?
    nonisolated(unsafe) static var pathBuffer: [CChar] = []

    static func install(target: String) {
        pathBuffer = Array("crash-\(target)-\(getpid())".utf8CString)
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                // Only async-signal-safe calls here: open, write, close, signal, raise.
                CrashCapture.pathBuffer.withUnsafeBufferPointer { p in
                    let fd = open(p.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                    if fd >= 0, let input = CrashCapture.current, let base = input.baseAddress {
                        _ = write(fd, base, input.count)
                        close(fd)
                    }
                }
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
