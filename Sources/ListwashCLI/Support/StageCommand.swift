import ArgumentParser
import ListwashCore

/// Runs one records-in, records-out stage as a command: JSON Lines on stdin, JSON Lines on
/// stdout, the ledger on stderr. Settings flags are read by the stage's own ``StageSpec``
/// (``FlagParser``), the same definition a pipeline file goes through.
enum StageCommand {
    static func run<S: ConfigurableStage>(_ type: S.Type, flags: [String], common: CommonOptions) throws {
        ByteOutput.ignoreSigpipe()
        let stage = try build(type, flags: flags)
        var runner = StageRunner(stage)
        var input = RecordStream(input: ByteInput(descriptor: 0, path: "-"), stage: S.spec.name, keepsLines: true)
        let out = ByteOutput.standardOutput()
        do {
            while let r = try input.next() {
                // A record that comes out as it went in (most of them, in dedupe and exclude,
                // and every record rejected upstream) is written as the line it was read from:
                // encoding it again was a quarter of those stages' time.
                let read = r.storageIdentity
                try runner.push(r) {
                    if $0.isUnchangedSinceDecoding && $0.storageIdentity == read {
                        try out.writeLine(input.lastLine)
                    } else {
                        try out.writeRecord($0)
                    }
                }
            }
            try runner.finish { try out.writeRecord($0) }
            try out.flush()
        } catch OutputError.closed {
            throw ExitCode(ExitStatus.ok)
        } catch let e as RecordStreamError {
            throw fail(e, status: ExitStatus.failure)
        } catch let e as OutputError {
            throw fail("listwash \(S.spec.name): error: \(e) [output_failed]", status: ExitStatus.failure)
        } catch let e as InputError {
            throw fail(e.errorLine, status: ExitStatus.failure)
        }
        try report([runner.ledger], stats: common.stats)
        if !runner.ledger.isBalanced {
            throw fail("listwash: internal error: the ledger of '\(S.spec.name)' does not balance; please report this", status: ExitStatus.failure)
        }
    }

    /// Builds a stage from flags, printing every problem and exiting 64 when there is one.
    static func build<S: ConfigurableStage>(_ type: S.Type, flags: [String], context: StageContext = StageContext(environment: currentEnvironment())) throws -> S {
        do {
            let node = try FlagParser.parse(flags, spec: S.spec)
            let stage = try S(settings: node, context: context)
            for w in context.warnings { printError(w.description) }
            return stage
        } catch {
            throw fail(error.description + "\n  note: 'listwash \(S.spec.name) --help' lists the settings", status: ExitStatus.usage)
        }
    }
}
