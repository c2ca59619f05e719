import ArgumentParser
import ListwashCore
import ListwashPipeline

/// `listwash stages [explain NAME]`: the stages and their settings, from ``StageRegistry``.
struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the stages, or explain one: its settings, defaults and an example.",
        discussion: "The settings are the keys of the stage's block in a pipeline file and, as --flags, of its command.")

    @Argument(help: ArgumentHelp("'explain NAME' to explain one stage.", valueName: "explain name"))
    var arguments: [String] = []

    func run() throws {
        if arguments.isEmpty {
            let width = StageRegistry.all.map(\.name.count).max() ?? 0
            var text = ""
            for spec in StageRegistry.all { text += spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.summary + "\n" }
            text += "\n'listwash stages explain NAME' shows a stage's settings, defaults and an example.\n"
            print(text, terminator: "")
            return
        }
        guard arguments.count == 2, arguments[0] == "explain" else {
            throw fail("listwash stages: error: expected 'explain NAME', found '\(arguments.joined(separator: " "))' [unknown_argument]\n  fix: 'listwash stages explain normalize'", status: ExitStatus.usage)
        }
        let name = arguments[1]
        guard let spec = StageRegistry.spec(named: name) else {
            let names = StageRegistry.all.map(\.name)
            throw fail("listwash stages: error: unknown stage '\(name)' [unknown_stage]\n  note: stages: \(names.joined(separator: ", "))"
                       + (nearest(name, in: names).map { "\n  fix: did you mean '\($0)'?" } ?? ""), status: ExitStatus.usage)
        }
        print(Self.explain(spec), terminator: "")
    }

    static func explain(_ spec: StageSpec) -> String {
        var text = "\(spec.name): \(spec.summary)\n\nSettings (pipeline key, then command flag):\n"
        text += spec.settings.isEmpty ? "  (none)\n" : spec.settingsHelp + "\n"
        let expanding = spec.settings.filter(\.expandsEnvironment).map(\.path)
        if !expanding.isEmpty { text += "\n${VAR} is expanded from the environment in: \(expanding.joined(separator: ", "))\n" }
        text += "\nExample:\n" + spec.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        return text
    }
}
