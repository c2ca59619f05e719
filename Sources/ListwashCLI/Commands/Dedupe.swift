import ArgumentParser
import ListwashCore
import ListwashStages

/// `listwash dedupe`: JSON Lines records in, JSON Lines records out.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: DedupeStage.spec.summary,
        discussion: "Settings (the same keys as the 'dedupe:' block of a pipeline file):\n" + DedupeStage.spec.settingsHelp)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Stage settings as flags (see the settings above).", valueName: "settings"))
    var settings: [String] = []

    func run() throws {
        try StageCommand.run(DedupeStage.self, flags: settings, common: common)
    }
}
