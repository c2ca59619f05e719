import ArgumentParser

/// Placeholder: `listwash status` is not built yet.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash status: error: not available yet [not_available]", status: ExitStatus.failure) }
}
