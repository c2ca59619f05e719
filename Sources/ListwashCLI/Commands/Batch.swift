import ArgumentParser
import ListwashCore
import ListwashImport

/// `listwash batch -o DIR`: records in, bulk-import request files, manifest and rejects out.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: BatchWriter.spec.summary,
        discussion: "Settings (the same keys as the 'batch:' block of a pipeline file; -o is --out):\n" + BatchWriter.spec.settingsHelp)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Settings as flags (listed above).", valueName: "settings"))
    var settings: [String] = []

    func run() throws {
        ByteOutput.ignoreSigpipe()
        let flags = settings.map { $0 == "-o" ? "--out" : $0 }
        var writer: BatchWriter
        let context = StageContext(environment: currentEnvironment())
        do {
            writer = try BatchWriter(settings: FlagParser.parse(flags, spec: BatchWriter.spec), context: context)
        } catch {
            throw fail(error.description + "\n  note: 'listwash batch --help' lists the settings", status: ExitStatus.usage)
        }
        for w in context.warnings { printError(w.description) }
        var input = RecordStream(input: ByteInput(descriptor: 0, path: "-"), stage: "batch", keepsLines: true)
        var ledger: Ledger
        do {
            try writer.consumeAll(from: &input)
            ledger = try writer.finish()
            if let cut = input.endedMidLine { ledger.partial.append(cut) }
        } catch let e as RecordStreamError {
            throw fail(e, status: ExitStatus.failure)
        } catch let e as OutputError {
            throw fail("listwash batch: error: \(e) [output_failed]", status: ExitStatus.failure)
        } catch let e as InputError {
            throw fail(e.errorLine, status: ExitStatus.failure)
        } catch let e as BatchWriteError {
            throw fail("listwash batch: error: \(e)", status: ExitStatus.failure)
        } catch let e as RecordDecodingError {
            // A line decoded in part is decoded whole with the same checks: this cannot happen.
            throw fail("listwash batch: internal error: a line read in part could not be read whole (\(e)); please report this", status: ExitStatus.failure)
        }
        try report([ledger], stats: common.stats)
        if !ledger.isBalanced {
            throw fail("listwash: internal error: the batch ledger does not balance; please report this", status: ExitStatus.failure)
        }
        if input.endedMidLine != nil { throw ExitCode(ExitStatus.failure) }
    }
}
