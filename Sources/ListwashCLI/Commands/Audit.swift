import ArgumentParser

/// Placeholder: `listwash audit` is not built yet.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash audit: error: not available yet [not_available]", status: ExitStatus.failure) }
}
