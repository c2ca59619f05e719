import ArgumentParser
import ListwashCore

/// The `listwash` root command: lists the subcommands, holds no logic (STYLE §2).
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct ListwashCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "listwash",
        abstract: "Turn messy contact exports into clean, validated ActiveCampaign bulk-import batches.",
        discussion: """
        Every stage reads and writes JSON Lines records, so stages compose in a shell pipe:
          listwash parse a.csv | listwash normalize | listwash dedupe \\
            | listwash exclude ex.txt | listwash batch -o out/
        or run together from a pipeline file:
          listwash run pipelines/newsletter-csv.yaml
        Every stage command, and run, prints its ledger (in = out + rejected) on standard error.
        """,
        version: "0.1.0",
        subcommands: [
            Parse.self, Normalize.self, Dedupe.self, Exclude.self, Batch.self,
            Submit.self, Status.self, Run.self, Audit.self, Lint.self,
            Sandbox.self, Stages.self, Codes.self,
        ])

    public init() {}
}

extension ListwashCommand {
    /// Parses the command line and runs the chosen command (async or not). Written out because
    /// `main.swift`'s `await ListwashCommand.main()` resolved to the synchronous overload.
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch OutputError.closed {
            exit(withError: ExitCode(ExitStatus.ok))
        } catch let e as OutputError {
            // A report file (`--stats`, `--json`, `--html`) that could not be written: one line, like the rest.
            printError("listwash: error: \(e) [output_failed]")
            exit(withError: ExitCode(ExitStatus.failure))
        } catch let e as InputError {
            printError(e.errorLine)
            exit(withError: ExitCode(ExitStatus.failure))
        } catch {
            exit(withError: error)
        }
    }
}
