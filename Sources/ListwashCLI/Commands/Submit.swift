import ArgumentParser

/// Placeholder: `listwash submit` is not built yet.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash submit: error: not available yet [not_available]", status: ExitStatus.failure) }
}
