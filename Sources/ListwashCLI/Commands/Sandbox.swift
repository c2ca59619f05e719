import ArgumentParser

/// Placeholder: `listwash sandbox` is not built yet.
struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash sandbox: error: not available yet [not_available]", status: ExitStatus.failure) }
}
