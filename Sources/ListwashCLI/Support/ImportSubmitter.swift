import ListwashCore
import ListwashImport
import ListwashPipeline

/// The real submitter behind `listwash run` (ListwashImport's `Submitter`), adapted to the
/// pipeline's ``PipelineSubmitter``: the `submit:` block goes through the same
/// ``SubmitSettings/spec`` the linter and `stages explain submit` read.
struct ImportSubmitter: PipelineSubmitter {
    static var spec: StageSpec { SubmitSettings.spec }

    func submit(batchDirectory: String, settings: SettingNode, context: StageContext) async throws -> Ledger {
        let configuration = try SubmitSettings.configuration(settings: settings, context: context, directory: batchDirectory)
        let summary = try await Submitter(configuration).run()
        printError(summary.line)
        for file in summary.unfinished {
            printError("listwash run: note: '\(file)' is still being imported; run the same command again to resume polling")
        }
        var ledger = Ledger(stage: "submit")
        let imported = (summary.outcomes[.created] ?? 0) + (summary.outcomes[.updated] ?? 0) + (summary.outcomes[.imported] ?? 0)
        ledger.output = imported
        if let n = summary.outcomes[.rejected], n > 0 { ledger.rejected[.acValidationFailed] = n; ledger.rejectedHere += n }
        if let n = summary.outcomes[.failed], n > 0 { ledger.rejected[.acImportFailed] = n; ledger.rejectedHere += n }
        ledger.input = imported + ledger.rejectedTotal
        if !summary.isComplete {
            ledger.partial.append("not every batch completed; run the same command again to resume (see 'listwash status \(batchDirectory)')")
        }
        return ledger
    }
}
