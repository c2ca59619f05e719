import ArgumentParser
import ListwashCore
import ListwashPipeline

/// `listwash audit [PIPELINE.yaml]`: everything short of submitting, reported for a person
/// (terminal, `--json`, `--html`) and checked against gates for CI (DESIGN §6).
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report what a pipeline would import, what it would drop and why, before anything is sent.",
        discussion: """
        With a pipeline file, runs every stage short of submitting (batches go to a scratch folder).
        Without one, reads JSON Lines records from standard input (the end of a pipe).
        Exit status 2 when a gate fails (--max-reject-rate, --max-duplicate-rate, --fail-on, or the \
        file's 'audit: {fail_if: ...}'). The JSON schema is in docs/audit-schema.md.
        """)

    @Argument(help: ArgumentHelp("The pipeline file; omit it to read records from standard input.", valueName: "pipeline.yaml"))
    var pipeline: String?

    @Option(name: .long, help: ArgumentHelp("Write the report as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(name: .long, help: ArgumentHelp("Write the report as one self-contained HTML page to this file.", valueName: "file"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp(AuditGates.spec.setting(path: "fail_if.reject_rate_over")!.summary, valueName: "rate"))
    var maxRejectRate: Double?

    @Option(name: .long, help: ArgumentHelp(AuditGates.spec.setting(path: "fail_if.duplicate_rate_over")!.summary, valueName: "rate"))
    var maxDuplicateRate: Double?

    @Option(name: .long, help: ArgumentHelp(AuditGates.spec.setting(path: "fail_if.codes")!.summary + " Repeatable.", valueName: "code"))
    var failOn: [String] = []

    func validate() throws {
        for rate in [maxRejectRate, maxDuplicateRate].compactMap({ $0 }) where rate < 0 || rate > 1 {
            throw ValidationError("a rate is a share between 0 and 1, e.g. 0.05 for 5%; found '\(rate)'")
        }
        for code in failOn where !RejectCode(code).isKnown {
            let hint = nearest(code, in: RejectCode.registry.map(\.code.rawValue)).map { "; did you mean '\($0)'?" } ?? "; 'listwash codes' lists them"
            throw ValidationError("unknown reject code '\(code)' for --fail-on\(hint)")
        }
    }

    func run() throws {
        ByteOutput.ignoreSigpipe()
        let flagGates = AuditGates(maxRejectRate: maxRejectRate, maxDuplicateRate: maxDuplicateRate, failOn: failOn.map { RejectCode($0) })
        var report: AuditReport
        var gates = flagGates
        do {
            if let pipeline {
                let (built, resolution) = try PipelineAudit.run(path: pipeline, environment: currentEnvironment())
                for d in resolution.diagnostics { printError(d.description) }
                guard let built, let resolved = resolution.pipeline else {
                    throw fail("listwash audit: '\(pipeline)' has \(resolution.errors.count) problem\(resolution.errors.count == 1 ? "" : "s"); nothing was run", status: ExitStatus.usage)
                }
                report = built
                gates = resolved.gates.merged(with: flagGates)
            } else {
                var source = RecordStreamSource(standardInputFor: "audit")
                report = try PipelineAudit.pipe(&source)
            }
        } catch let e as PipelineError {
            throw fail(e, status: ExitStatus.failure)
        } catch let d as Diagnostic {
            throw fail(d, status: ExitStatus.failure)
        } catch let e as RecordStreamError {
            throw fail(e, status: ExitStatus.failure)
        } catch let e as InputError {
            throw fail(e.errorLine, status: ExitStatus.failure)
        }
        report.gateFailures = gates.failures(of: report)

        Self.printSummary(TerminalSafe.visible(report.terminalText))
        if let json { try writeTextFile(json, report.json) }
        if let html { try writeTextFile(html, report.html) }
        if report.inputs.contains(where: { !$0.partial.isEmpty }) { throw ExitCode(ExitStatus.failure) }
        if !report.gateFailures.isEmpty {
            throw fail(report.gateFailures.map { "listwash audit: gate failed: \($0)" }.joined(separator: "\n"), status: ExitStatus.gateFailed)
        }
    }

    /// Prints the terminal summary; a reader that went away (EPIPE) does not stop the report files.
    static func printSummary(_ text: String) {
        let out = ByteOutput.standardOutput()
        do throws(OutputError) {
            try out.write(text)
            try out.flush()
        } catch {
            if case .closed = error { return }
            printError("listwash audit: error: \(error) [output_failed]")
        }
    }
}
