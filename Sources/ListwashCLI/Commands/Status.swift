import ArgumentParser
import Foundation
import ListwashCore
import ListwashImport

/// `listwash status DIR`: prints the submit ledger: every batch, the contact outcomes, and the
/// notable events (re-sends, validation refusals, retries).
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the submit ledger of a batch folder.")

    @Argument(help: "The batch folder (its ledger.sqlite is read).")
    var directory: String

    @Option(help: ArgumentHelp("Ledger database (default DIR/ledger.sqlite).", valueName: "file"))
    var ledger: String?

    @Flag(help: "Check that the ledger agrees with itself and with the batch folder instead of printing it (exit 1 and one line per problem when it does not).")
    var check = false

    func run() throws {
        let path = ledger ?? (directory as NSString).appendingPathComponent("ledger.sqlite")
        var problems: [String] = []
        do throws(SubmitError) {
            let l = try SubmitLedger.openExisting(path: path)
            guard check else {
                // Batches of an earlier batch run into this folder are told apart when the folder
                // can be read; when it cannot (edited, half written), every row is shown.
                let earlier = (try? BatchFolder.read(directory)).map { LedgerCheck.earlierRuns(rows: (try? l.batches()) ?? [], files: $0) } ?? []
                print(TerminalSafe.visible(try LedgerPrinter.text(l, earlier: earlier)), terminator: "")
                return
            }
            let files = try BatchFolder.read(directory)
            problems = try LedgerCheck.problems(ledger: l, folder: files)
            if problems.isEmpty {
                let all = try l.batches()
                let history = LedgerCheck.earlierRuns(rows: all, files: files)
                let rows = all.filter { !history.contains($0.id) }
                let states = Dictionary(grouping: rows, by: \.state.rawValue).map { "\($0.value.count) \($0.key)" }.sorted()
                let earlier = history.isEmpty ? "" : "; \(history.count) more from earlier batch runs into this folder"
                print("ledger consistent: \(rows.count) batch\(rows.count == 1 ? "" : "es") (\(states.joined(separator: ", ")))\(earlier)")
                return
            }
        } catch {
            throw fail("listwash status: error: \(error.message)", status: ExitStatus.failure)
        }
        for p in problems { printError("\(path): error: \(p) [ledger_inconsistent]") }
        throw ExitCode(ExitStatus.failure)
    }
}
