#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Progress on stderr while it is a terminal: batches sent / queued / completed, contacts,
/// request rate and ETA, redrawn in place at most four times a second.
struct SubmitProgress {
    let enabled: Bool
    let limits: PacerLimits
    var lastDraw = -1.0
    var lastStatus = ""
    var drawn = false

    init(enabled: Bool, limits: PacerLimits) {
        self.enabled = enabled && isatty(2) == 1
        self.limits = limits
    }

    mutating func note(status: String, of file: String) {
        lastStatus = "\(file): \(status)"
    }

    mutating func update(_ rows: [BatchRow], requests: Int, at t: Double) {
        guard enabled, t - lastDraw >= 0.25 else { return }
        lastDraw = t
        let total = rows.count
        let toSend = rows.filter { $0.state == .planned || $0.state == .sending }.count
        let queued = rows.filter { $0.state == .queued }.count
        let completed = rows.filter { $0.state == .completed }.count
        let failed = rows.filter { $0.state == .failed || $0.state == .interrupted }.count
        let contacts = rows.reduce(0) { $0 + $1.contacts }
        let done = rows.filter { $0.state.isTerminal }.reduce(0) { $0 + $1.contacts }
        let rate = t > 0 ? Double(requests) / t * 60 : 0
        let perSend = limits.minute / Double(max(limits.importsPerMinute, 1))
        let eta = Int((Double(toSend) * perSend).rounded(.up))
        var line = "submit: batches \(total - toSend)/\(total) sent, \(queued) queued, \(completed) completed"
        if failed > 0 { line += ", \(failed) failed" }
        line += " · contacts \(done)/\(contacts) · \(Int(rate)) req/min · ETA \(eta / 60):\(String(format: "%02d", eta % 60))"
        if !lastStatus.isEmpty { line += " · \(lastStatus)" }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
        drawn = true
    }

    /// Clears the progress line before the summary.
    mutating func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        drawn = false
    }
}
