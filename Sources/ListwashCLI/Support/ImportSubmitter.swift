import ListwashCore
import ListwashImport
import ListwashPipeline
import Logging

/// The real submitter behind `listwash run` (ListwashImport's `Submitter`), adapted to the
/// pipeline's ``PipelineSubmitter``: the `submit:` block goes through the same
/// ``SubmitSettings/spec`` the linter and `stages explain submit` read.
struct ImportSubmitter: PipelineSubmitter {
    static var spec: StageSpec { SubmitSettings.spec }

    func submit(batchDirectory: String, settings: SettingNode, context: StageContext) async throws -> Ledger {
        let configuration = try SubmitSettings.configuration(settings: settings, context: context, directory: batchDirectory)
        // The same `listwash run: warning: ...` lines as `listwash submit` prints (swift-log's
        // default handler wrote timestamped lines of another shape).
        let logger = Logger(label: "listwash.run") { _ in StderrLogHandler(prefix: "listwash run", level: .notice) }
        let summary = try await Submitter(configuration, logger: logger).run()
        printError(summary.line)
        for file in summary.unfinished {
            printError("listwash run: note: '\(file)' is still being imported; run the same command again to resume polling")
        }
        return summary.ledger(directory: batchDirectory)
    }
}
