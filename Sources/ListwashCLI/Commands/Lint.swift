import ArgumentParser
import ListwashCore
import ListwashPipeline

/// `listwash lint FILE`: every problem of a pipeline file in one pass, sorted by position.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a pipeline file and report every problem at once, as file:line:column.",
        discussion: "Exit status 0 when the file has no error (warnings allowed), 64 when it has one.")

    @Argument(help: ArgumentHelp("The pipeline file.", valueName: "pipeline.yaml"))
    var pipeline: String

    func run() throws {
        let diagnostics = PipelineLinter.lint(path: pipeline, environment: currentEnvironment())
        var text = ""
        for d in diagnostics { text += d.description + "\n" }
        print(TerminalSafe.visible(text), terminator: "")
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if errors > 0 {
            throw fail("lint: \(pipeline): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")", status: ExitStatus.usage)
        }
        printError("lint: \(pipeline): no errors" + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
    }
}
