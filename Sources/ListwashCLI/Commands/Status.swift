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

    func run() throws {
        let path = ledger ?? (directory as NSString).appendingPathComponent("ledger.sqlite")
        do throws(SubmitError) {
            let l = try SubmitLedger.openExisting(path: path)
            print(try LedgerPrinter.text(l), terminator: "")
        } catch {
            throw fail("listwash status: error: \(error.message)", status: ExitStatus.failure)
        }
    }
}
