import ArgumentParser

/// Placeholder: `listwash lint` is not built yet.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash lint: error: not available yet [not_available]", status: ExitStatus.failure) }
}
