import ArgumentParser
import ListwashCore
import ListwashStages

/// `listwash exclude FILE...`: JSON Lines records in, JSON Lines records out.
struct Exclude: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: ExcludeStage.spec.summary,
        usage: "listwash exclude [FILE ...] [--role-accounts PRESET] [--disposable FILE] [--allow FILE] [settings]",
        discussion: "FILE arguments are exclusion files, the same as '--file FILE'.\n"
            + "Settings (the same keys as one item of the 'exclude:' list of a pipeline file):\n" + ExcludeStage.spec.settingsHelp)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Exclusion files, then stage settings as flags (see the settings above).", valueName: "settings"))
    var settings: [String] = []

    func run() throws {
        try StageCommand.run(ExcludeStage.self, flags: Self.filesAsFlags(settings), common: common)
    }

    /// Turns positional FILE arguments into `--file FILE`, leaving flags and their values alone.
    static func filesAsFlags(_ args: [String]) -> [String] {
        var out: [String] = []
        var expectsValue = false
        for arg in args {
            if expectsValue {
                out.append(arg)
                expectsValue = false
            } else if arg.hasPrefix("--") {
                out.append(arg)
                let name = String(arg.dropFirst(2))
                if !name.contains("="), let s = ExcludeStage.spec.setting(flag: name), s.kind != .boolean { expectsValue = true }
            } else {
                out += ["--file", arg]
            }
        }
        return out
    }
}
