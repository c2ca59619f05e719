import ArgumentParser

/// Options every stage command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the ledger as JSON to this file.", valueName: "file"))
    var stats: String?
}
