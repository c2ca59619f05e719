import ArgumentParser

/// Placeholder: `listwash stages` is not built yet.
struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not available yet)")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw fail("listwash stages: error: not available yet [not_available]", status: ExitStatus.failure) }
}
