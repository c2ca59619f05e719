import ArgumentParser
import ListwashCore
import ListwashStages

/// `listwash normalize`: JSON Lines records in, JSON Lines records out.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: NormalizeStage.spec.summary,
        discussion: "Settings (the same keys as the 'normalize:' block of a pipeline file):\n" + NormalizeStage.spec.settingsHelp)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Stage settings as flags (see the settings above).", valueName: "settings"))
    var settings: [String] = []

    func run() throws {
        try StageCommand.run(NormalizeStage.self, flags: settings, common: common)
    }
}
