import Foundation
import Testing
import ListwashTestSupport

/// Ctrl-C (SIGINT) ends `run` and `submit` with status 130 and a line saying how to go on.
/// `run` died without a word (and, started in the background by a script, ignored the signal).
struct InterruptTests {
    /// Starts `command` in the background reading the named FIFO `in.csv`, waits until it has
    /// opened it (past its set-up), interrupts it, and prints its exit status, or `hung` when
    /// it was still running 10 s later.
    static let interrupt = """
        mkfifo in.csv
        COMMAND 2>err.txt & pid=$!
        exec 3>in.csv
        kill -INT $pid
        for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
        if kill -0 $pid 2>/dev/null; then kill -9 $pid; echo hung; fi
        wait $pid; echo "status=$?"
        cat err.txt >&2
        """

    @Test func runSaysHowToGoOn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: in.csv\n    format: csv\nbatch:\n  out: out\n")
        let r = try Listwash.shell(Self.interrupt.replacingOccurrences(of: "COMMAND", with: "listwash run p.yaml --dry-run"), directory: dir.path)
        #expect(r.stdout == "status=130\n", "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("listwash run: interrupted; run the same command again"), "\(r.stderr)")
    }
}
