import ArgumentParser

/// Placeholder: `listwash run` is not built yet.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash run: error: not available yet [not_available]", status: ExitStatus.failure) }
}
