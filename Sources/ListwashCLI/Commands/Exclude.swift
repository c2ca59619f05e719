import ArgumentParser
import ListwashCore
import ListwashStages

/// `listwash exclude`: JSON Lines records in, JSON Lines records out.
struct Exclude: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: ExcludeStage.spec.summary,
        discussion: "Settings (the same keys as the 'exclude:' block of a pipeline file):\n" + ExcludeStage.spec.settingsHelp)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Stage settings as flags (listed below).", valueName: "settings"))
    var settings: [String] = []

    func run() throws {
        try StageCommand.run(ExcludeStage.self, flags: settings, common: common)
    }
}
