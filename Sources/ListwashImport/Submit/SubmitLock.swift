import Foundation
import Glibc

/// One `listwash submit` per ledger at a time: an exclusive `flock` on `LEDGER.lock`, held for
/// the run and released by the kernel when the process ends (even killed), so a stale lock never
/// blocks the next run.
///
/// Two runs on one folder at once (two terminals, an overlapping cron job) each saw every batch
/// planned and sent it: every contact imported twice, and the ledger's outcomes confused.
final class SubmitLock {
    private let descriptor: Int32

    /// Takes the lock beside `ledgerPath`, or throws when another run holds it.
    init(ledgerPath: String) throws(SubmitError) {
        let path = ledgerPath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .ledger(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .usage("another 'listwash submit' is running on this ledger ('\(ledgerPath)'); two at once would send every batch twice",
                         fix: "wait for it to finish (or stop it), then run this command again: it resumes where the other stopped")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
