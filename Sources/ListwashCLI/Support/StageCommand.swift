import ArgumentParser
import ListwashCore

/// Runs one records-in, records-out stage as a command: JSON Lines on stdin, JSON Lines on
/// stdout, the ledger on stderr. Settings flags are read by the stage's own ``StageSpec``
/// (``FlagParser``), the same definition a pipeline file goes through.
enum StageCommand {
    static func run<S: ConfigurableStage>(_ type: S.Type, flags: [String], common: CommonOptions) throws {
        try drive(try build(type, flags: flags), wanted: .all, common: common) { runner, r, _, write in
            try runner.push(consume r, to: write)
        }
    }

    /// A stage that decides most records from a few properties (``PassThroughDeciding``): each
    /// line is decoded with those only, and decoded whole just for the records it cannot pass.
    static func run<S: ConfigurableStage & PassThroughDeciding>(_ type: S.Type, flags: [String], common: CommonOptions) throws {
        let stage = try build(type, flags: flags)
        let wanted = stage.decidingFields ?? .all
        let glancing = wanted == .email && stage.decidesFromEmailBytes
        let glance: Glance<S>? = glancing ? { runner, g, email in runner.passIfUnchanged(g, email: email) } : nil
        try drive(stage, wanted: wanted, glance: glance, common: common) { runner, r, whole, write in
            if try runner.passIfUnchanged(r, to: write) { return }
            // Only a record unchanged since decoding can lack properties (RecordStream).
            let whole = wanted != .all && r.isUnchangedSinceDecoding ? try whole() : consume r
            try runner.push(consume whole, to: write)
        }
    }

    /// A stage that decides plain lines from their values (``PlainLineRewriting``): a line it
    /// accepts is written from the input buffer with its values replaced; any other is decoded
    /// whole and goes through the stage.
    static func run<S: ConfigurableStage & PlainLineRewriting>(_ type: S.Type, flags: [String], common: CommonOptions) throws {
        let stage = try build(type, flags: flags)
        var edits = LineEdits()
        let plain: Plain<S>? = !stage.rewritesPlainLines ? nil : { runner, line, files, out in
            guard runner.decidePlain(line, files: files, edits: &edits) else { return false }
            if edits.isEmpty {
                try out.writeLine(line)
            } else {
                try out.append { edits.write(line, to: &$0) }
            }
            return true
        }
        try drive(stage, wanted: .all, plain: plain, common: common) { runner, r, _, write in
            try runner.push(consume r, to: write)
        }
    }

    /// Passes a line glanced at (``RecordGlance``), given its email's bytes, when the stage
    /// decides it unchanged (counting it); false when the line must be read whole.
    typealias Glance<S: Stage> = (inout StageRunner<S>, RecordGlance, UnsafeBufferPointer<UInt8>?) -> Bool

    /// Decides a line from its bytes and writes it (``PlainLineRewriting``); false when the line
    /// must be decoded.
    typealias Plain<S: Stage> = (inout StageRunner<S>, UnsafeBufferPointer<UInt8>, FileNameCache, ByteOutput) throws -> Bool

    /// Reads records from standard input, hands each to `step` with the runner, a way to decode
    /// it whole, and `write`; writes standard output; reports the ledger. With `glance`, plain
    /// lines are first glanced at (``RecordStream/nextGlanced(taking:)``) and passed by it; with
    /// `plain`, every line is first offered to it (``RecordStream/next(wanting:offering:)``).
    ///
    /// `write` writes a record that comes out as it went in (most of them, in dedupe and
    /// exclude, and every record rejected upstream) as the line it was read from: encoding it
    /// again was a quarter of those stages' time.
    private static func drive<S: ConfigurableStage>(
        _ stage: S, wanted: RecordFieldSet, glance: Glance<S>? = nil, plain: Plain<S>? = nil, common: CommonOptions,
        step: (inout StageRunner<S>, consuming ContactRecord, () throws -> ContactRecord, (ContactRecord) throws -> Void) throws -> Void
    ) throws {
        ByteOutput.ignoreSigpipe()
        var runner = StageRunner(stage)
        var input = RecordStream(input: ByteInput(descriptor: 0, path: "-"), stage: S.spec.name, keepsLines: true)
        let out = ByteOutput.standardOutput()
        do {
            while true {
                let r: ContactRecord
                var decided = false
                if let glance {
                    // A plain line the stage passes goes on as read, straight from the input
                    // buffer, no record made.
                    let next = try input.nextGlanced { g, line in
                        guard glance(&runner, g, g.email.map { UnsafeBufferPointer(rebasing: line[$0]) }) else { return false }
                        try out.writeLine(line)
                        return true
                    }
                    guard let next else { break }
                    switch next {
                    case .glance:
                        r = try input.fullRecordOfLastLine()
                        decided = true
                    case .record(let decoded):
                        r = decoded
                    }
                } else if let plain {
                    guard let next = try input.next(offering: { line, files in try plain(&runner, line, files, out) }) else { break }
                    r = next
                } else {
                    guard let next = try input.next(wanting: wanted) else { break }
                    r = next
                }
                let read = r.storageIdentity
                func write(_ o: ContactRecord) throws {
                    if o.isUnchangedSinceDecoding && o.storageIdentity == read {
                        try out.writeLine(input.lastLine)
                    } else {
                        try out.writeRecord(o)
                    }
                }
                // A glanced line the stage did not pass is whole and goes through the stage.
                if decided { try runner.push(consume r, to: write); continue }
                // Consumed: a stage that edits the record (normalize) then owns its only reference
                // and edits it in place instead of copying it.
                try step(&runner, consume r, { try input.fullRecordOfLastLine() }, write)
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
        } catch let e as RecordDecodingError {
            // A line decoded in part is decoded whole with the same checks: this cannot happen.
            throw fail("listwash \(S.spec.name): internal error: a line read in part could not be read whole (\(e)); please report this", status: ExitStatus.failure)
        }
        var ledger = runner.ledger
        if let cut = input.endedMidLine { ledger.partial.append(cut) }
        try report([ledger], stats: common.stats)
        if !ledger.isBalanced {
            throw fail("listwash: internal error: the ledger of '\(S.spec.name)' does not balance; please report this", status: ExitStatus.failure)
        }
        // Like `parse` with an input it could not read to the end: the rejects carry an
        // `input_partial` marker, and the exit status says so too.
        if input.endedMidLine != nil { throw ExitCode(ExitStatus.failure) }
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
