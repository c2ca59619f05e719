import ArgumentParser
import ListwashCore
import ListwashImport
import ListwashPipeline

/// `listwash run PIPELINE.yaml`: inputs → normalize → dedupe → exclude → batch (→ submit) in one
/// process, from a pipeline file (DESIGN §4).
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline file: parse, normalize, dedupe, exclude, batch and submit in one process.",
        discussion: """
        The file's blocks take the same settings as the stage commands ('listwash stages explain NAME').
        With --until STAGE the run stops after that stage; before 'batch' its records are written to \
        standard output as JSON Lines, so they can be inspected or piped on.
        The file's audit gates ('audit: {fail_if: ...}') are checked once the batches are written: \
        a run that fails one sends nothing and ends with status 2 (see 'listwash audit').
        """)

    @Argument(help: ArgumentHelp("The pipeline file.", valueName: "pipeline.yaml"))
    var pipeline: String

    @Flag(name: .long, help: "Write the batches but do not submit them.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Stop after this stage: parse, normalize, dedupe, exclude, batch or submit.", valueName: "stage"))
    var until: String?

    @OptionGroup var common: CommonOptions

    /// The submitter `run` hands the batches to.
    static func makeSubmitter() -> any PipelineSubmitter { ImportSubmitter() }

    func run() async throws {
        ByteOutput.ignoreSigpipe()
        InterruptMessage.install("listwash run: interrupted; run the same command again: batches already sent are not sent twice (the submit ledger is up to date), and the batch folder is written anew")
        var last = PipelineStep.submit
        if let until {
            guard let step = PipelineStep(rawValue: until) else {
                let names = PipelineStep.allCases.map(\.rawValue)
                throw fail("listwash run: error: unknown stage '\(until)' for --until [unknown_stage]\n  note: stages: \(names.joined(separator: ", "))"
                           + (nearest(until, in: names).map { "\n  fix: did you mean '\($0)'?" } ?? ""), status: ExitStatus.usage)
            }
            last = step
        }
        let environment = currentEnvironment()
        let resolution = Pipeline.load(path: pipeline, environment: environment)
        for d in resolution.diagnostics { printError(d.description) }
        guard let resolved = resolution.pipeline else {
            throw fail("listwash run: '\(pipeline)' has \(resolution.errors.count) problem\(resolution.errors.count == 1 ? "" : "s"); nothing was run", status: ExitStatus.usage)
        }

        let out = ByteOutput.standardOutput()
        var observer = NoObserver()
        let result: PipelineRun
        do {
            result = try PipelineRunner(pipeline: resolved, until: min(last, .batch), threads: RunThreads.count(environment), readerLastStep: RunThreads.readerLastStep(environment)).run(observer: &observer) { try out.writeRecord($0) }
            try out.flush()
        } catch OutputError.closed {
            throw ExitCode(ExitStatus.ok)
        } catch let e as PipelineError {
            throw fail(e, status: ExitStatus.failure)
        } catch let e as RecordStreamError {
            throw fail(e, status: ExitStatus.failure)
        } catch let d as Diagnostic {
            throw fail(d, status: ExitStatus.failure)
        } catch let e as InputError {
            throw fail(e.errorLine, status: ExitStatus.failure)
        } catch let e as OutputError {
            throw fail("listwash run: error: \(e) [output_failed]", status: ExitStatus.failure)
        } catch let e as BatchWriteError {
            throw fail("listwash run: error: \(e)", status: ExitStatus.failure)
        }
        for i in result.inputs { for d in i.partial { printError(d.description) } }
        var ledgers = result.ledgers

        // The pipeline file's audit gates hold for the run too: a run that fails one sends
        // nothing (the batches stay written) and ends with the audit's status.
        let gateFailures = last >= .batch ? resolved.gates.failures(of: result) : []
        for f in gateFailures { printError("listwash run: audit gate failed: \(f)") }
        if !gateFailures.isEmpty && last == .submit && !dryRun && !result.isPartial {
            let folder = result.batchDirectory.map { " in '\($0)'" } ?? ""
            printError("  note: nothing was sent; the batches are written\(folder)")
            printError("  fix: see what was dropped with 'listwash audit \(pipeline)'; then fix the input, raise the limit in the file's 'audit: {fail_if: ...}', or send the batches as they are with 'listwash submit\(result.batchDirectory.map { " \($0)" } ?? "")'")
        }

        if last == .submit && !dryRun && !result.isPartial && gateFailures.isEmpty {
            let submitter = Self.makeSubmitter()
            guard let dir = result.batchDirectory else { throw fail(PipelineError.noBatchDirectory, status: ExitStatus.usage) }
            do {
                let spec = type(of: submitter).spec
                let settings = try resolved.expandedSubmitSettings(environment: environment, spec: spec)
                let context = StageContext(baseDirectory: resolved.baseDirectory, environment: environment)
                ledgers.append(try await submitter.submit(batchDirectory: dir, settings: settings, context: context))
            } catch let e as DiagnosticList {
                try report(ledgers, stats: common.stats)
                throw fail(e, status: ExitStatus.usage)
            } catch let e as SubmitError {
                // Said as run's own error: 'listwash submit: error:' read as another command's.
                try report(ledgers, stats: common.stats)
                throw fail("listwash run: error: \(e.message)", status: ExitStatus.failure)
            } catch {
                try report(ledgers, stats: common.stats)
                throw fail(String(describing: error), status: ExitStatus.failure)
            }
        }
        try report(ledgers, stats: common.stats)
        if result.isPartial || ledgers.contains(where: { !$0.partial.isEmpty }) { throw ExitCode(ExitStatus.failure) }
        if !ledgers.allSatisfy(\.isBalanced) {
            throw fail("listwash: internal error: a ledger of the run does not balance; please report this", status: ExitStatus.failure)
        }
        if !gateFailures.isEmpty { throw ExitCode(ExitStatus.gateFailed) }
    }
}

/// How many threads `listwash run` uses: `LISTWASH_THREADS` (1 to 3), else 2 (measured best on
/// two cores: a third, batch-writing thread cost more in hand-offs than it saved).
enum RunThreads {
    static func count(_ environment: [String: String]) -> Int {
        guard let text = environment["LISTWASH_THREADS"], let n = Int(text) else { return 2 }
        return min(max(n, 1), 3)
    }

    /// The last step on the reading thread: `LISTWASH_READER_LAST` (normalize, dedupe or
    /// exclude), else normalize. For measuring where the work divides best.
    static func readerLastStep(_ environment: [String: String]) -> PipelineStep {
        environment["LISTWASH_READER_LAST"].flatMap(PipelineStep.init(rawValue:)) ?? .normalize
    }
}
