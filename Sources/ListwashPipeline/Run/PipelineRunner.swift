import ListwashCore
import ListwashImport
import ListwashParsers
import ListwashStages

/// Runs a resolved pipeline in one process: inputs → normalize → dedupe → exclude → batch, each
/// stage driven by its ``StageRunner`` and records handed from one to the next as values, never
/// serialized (DESIGN §1). Submitting is a separate step (``PipelineSubmitter``) done by the caller.
public struct PipelineRunner {
    public var pipeline: Pipeline
    /// The last step to run; records after a step before `batch` go to the `emit` closure.
    public var until: PipelineStep

    /// Threads for a run past normalize: 1 does everything on the caller's thread; 2 reads and
    /// normalizes on a second thread; 3 also writes batches on a third. The output is the same
    /// in every case.
    public var threads: Int

    /// With threads, the last step done on the reading thread: `normalize` (the default),
    /// `dedupe` or `exclude`; the rest runs on the caller's thread. Where the work divides
    /// evenly depends on the machine and the pipeline; the output is the same.
    public var readerLastStep: PipelineStep

    public init(pipeline: Pipeline, until: PipelineStep = .batch, threads: Int = 2, readerLastStep: PipelineStep = .normalize) {
        self.pipeline = pipeline
        self.until = until
        self.threads = threads
        self.readerLastStep = min(max(readerLastStep, .normalize), .exclude)
    }

    /// Runs the steps up to ``until`` (at most `batch`). Records leaving the last step before
    /// `batch` go to `emit` (live and rejected: the pipe contract). Throws for unusable input or
    /// output; a bad record is a reject, never an error.
    public func run<O: PipelineObserver>(observer: inout O, emit: (ContactRecord) throws -> Void = { _ in }) throws -> PipelineRun {
        if until > .normalize && threads > 1 { return try runOnThreads(observer: &observer, emit: emit) }
        var result = PipelineRun()
        var parse = Ledger(stage: "parse")
        var normalize = StageRunner(pipeline.normalize)
        var dedupe = StageRunner(pipeline.dedupe)
        var exclude = StageRunner(pipeline.exclude)
        var batch = pipeline.batch
        let until = self.until
        let toBatch = until >= .batch

        func end(_ r: ContactRecord) throws {
            observer.observe(r)
            if toBatch { try batch.consume(r) } else { try emit(r) }
        }
        func afterDedupe(_ r: ContactRecord) throws {
            if until == .dedupe { try end(r) } else { try exclude.push(r, to: end) }
        }
        func afterNormalize(_ r: ContactRecord) throws {
            if until == .normalize { try end(r) } else { try dedupe.push(r, to: afterDedupe) }
        }
        func afterParse(_ r: consuming ContactRecord) throws {
            parse.input += 1
            parse.countOut(r)
            // Consumed, so normalize edits the only reference in place (no copy of the box).
            if until == .parse { try end(r) } else { try normalize.push(consume r, to: afterNormalize) }
        }

        for input in pipeline.inputs {
            var source = try input.open()
            let before = parse.input
            while let r = try source.next() { try afterParse(r) }
            result.inputs.append(parse.noteInput(input, read: source, among: pipeline.inputs.count))
            for marker in input.partialMarkers(source, records: parse.input - before) { try afterParse(marker) }
        }
        result.ledgers.append(parse)
        if until > .parse {
            try normalize.finish(to: afterNormalize)
            result.ledgers.append(normalize.ledger)
        }
        if until > .normalize {
            try dedupe.finish(to: afterDedupe)
            result.ledgers.append(dedupe.ledger)
        }
        if until > .dedupe {
            try exclude.finish(to: end)
            result.ledgers.append(exclude.ledger)
        }
        if toBatch {
            result.ledgers.append(try batch.finish())
            result.batchDirectory = pipeline.batchDirectory
        }
        return result
    }
}

extension PipelineRunner {
    /// ``run(observer:emit:)`` with parse and normalize on a worker thread, and with three
    /// threads batch writing on another: records keep their order across each handoff, so the
    /// result is identical to the one-thread run.
    func runOnThreads<O: PipelineObserver>(observer: inout O, emit: (ContactRecord) throws -> Void) throws -> PipelineRun {
        var result = PipelineRun()
        let until = self.until
        let toBatch = until >= .batch
        // The steps past normalize run here unless the reading thread runs them.
        let readerLast = min(readerLastStep, until)
        let excludes = until > .dedupe
        var dedupe = readerLast < .dedupe ? StageRunner(pipeline.dedupe) : nil
        var exclude = excludes && readerLast < .exclude ? StageRunner(pipeline.exclude) : nil

        // Batches are serialized, checked, hashed and written on a third thread.
        let toWriter = RecordHandoff(chunkCapacity: ReadSide.chunkSize)
        let writer = WriteSide(batch: pipeline.batch)
        let writeHere = threads < 3
        let writerThread: WorkerThread? = toBatch && !writeHere ? WorkerThread(name: "listwash-write") { writer.run(from: toWriter) } : nil
        var pending = toWriter.emptyChunk()
        func handToWriter(_ item: RecordHandoff.Item) throws {
            if !toWriter.put(item) { throw writer.failure ?? CancellationError() }
        }
        func end(_ r: ContactRecord) throws {
            observer.observe(r)
            guard toBatch else { return try emit(r) }
            if writeHere { return try writer.batch.consume(r) }
            pending.append(r)
            if pending.count >= ReadSide.chunkSize {
                try handToWriter(.records(pending))
                pending = toWriter.emptyChunk()
            }
        }
        func stopWriter() {
            toWriter.put(.finished)
            writerThread?.join()
        }
        func afterDedupe(_ r: ContactRecord) throws {
            if exclude != nil { try exclude!.push(r, to: end) } else { try end(r) }
        }
        func prefetchContents(_ r: ContactRecord) {
            if toBatch && writeHere { r.prefetchValues() }
            if dedupe != nil { dedupe!.stage.prefetch(r) }
        }

        let handoff = RecordHandoff(chunkCapacity: ReadSide.chunkSize)
        let reader = ReadSide(inputs: pipeline.inputs, normalize: StageRunner(pipeline.normalize),
                              dedupe: dedupe == nil ? StageRunner(pipeline.dedupe) : nil,
                              exclude: excludes && exclude == nil ? StageRunner(pipeline.exclude) : nil)
        // The reading thread looks the emails up in the exclusion lists ahead (a copy of the
        // stage: the entries are shared and only read) and marks the clean records; exclude
        // here passes those at once. It marks only while this thread is behind (`ReadSide.run`),
        // so the lookups go to whichever thread has time for them.
        if exclude != nil { reader.premark = pipeline.exclude }
        // Likewise it fingerprints each record's dedupe key, which dedupe here takes as it is
        // (a record changed in between has lost it): the thread that dedupes, excludes and
        // writes batches was the busier one.
        if let dedupe { reader.keyMarker = dedupe.stage.keyMarker }
        let worker = WorkerThread(name: "listwash-read") { reader.run(into: handoff) }
        do {
            reading: while true {
                switch handoff.take() {
                case .records(let records):
                    // The memory each record will need here is asked for ahead, while the records
                    // before it are handled: its box (made on the other thread) far ahead, then,
                    // once the box has arrived, its strings and its dedupe index slot.
                    // (Counting from -far starts both read-aheads before the first record.)
                    let far = 2 * DedupeStage.prefetchDistance, near = DedupeStage.prefetchDistance
                    for i in -far..<records.count {
                        if i + far < records.count { records[i + far].prefetchBox() }
                        if i + near >= 0 && i + near < records.count { prefetchContents(records[i + near]) }
                        guard i >= 0 else { continue }
                        if dedupe != nil { try dedupe!.push(records[i], to: afterDedupe) } else { try afterDedupe(records[i]) }
                    }
                    handoff.recycle(consume records)
                case .finished:
                    break reading
                case .failed(let error):
                    throw error
                }
            }
            worker.join()
            result.inputs = reader.reports
            result.ledgers.append(reader.parse)
            result.ledgers.append(reader.normalize.ledger)
            if dedupe != nil { try dedupe!.finish(to: afterDedupe) }
            if let ledger = dedupe?.ledger ?? reader.dedupe?.ledger { result.ledgers.append(ledger) }
            if exclude != nil { try exclude!.finish(to: end) }
            if let ledger = exclude?.ledger ?? reader.exclude?.ledger { result.ledgers.append(ledger) }
            if toBatch {
                if !pending.isEmpty { try handToWriter(.records(pending)) }
                stopWriter()
                if let failure = writer.failure { throw failure }
                result.ledgers.append(try writer.batch.finish())
                result.batchDirectory = pipeline.batchDirectory
            }
        } catch {
            handoff.cancel()
            worker.join()
            stopWriter()
            throw error
        }
        return result
    }
}

/// The writing side of a threaded run: feeds the batch writer the records handed over, until
/// the end or the first error, which it keeps for the caller. Touched only by the writer thread
/// until it has been joined.
private final class WriteSide: @unchecked Sendable {
    var batch: BatchWriter
    private(set) var failure: (any Error)?

    init(batch: BatchWriter) { self.batch = batch }

    func run(from handoff: RecordHandoff) {
        while true {
            switch handoff.take() {
            case .records(let records):
                do {
                    for r in records { try batch.consume(r) }
                    handoff.recycle(consume records)
                } catch {
                    failure = error
                    handoff.cancel()
                    return
                }
            case .finished, .failed:
                return
            }
        }
    }
}

/// The reading side of a threaded run: opens each input, parses and normalizes (and dedupes
/// and excludes, when given those stages), and hands the records over in chunks. Touched only
/// by the worker thread until it has been joined.
final class ReadSide: @unchecked Sendable {
    let inputs: [PipelineInput]
    var normalize: StageRunner<NormalizeStage>
    var dedupe: StageRunner<DedupeStage>?
    var exclude: StageRunner<ExcludeStage>?
    /// Checks each record against the exclusion lists ahead of the exclude stage on the other
    /// thread (``ExcludeStage/premark(chunk:)``, a chunk at a time as it is handed over).
    var premark: ExcludeStage?
    /// Fingerprints each record's dedupe key ahead of the dedupe stage on the other thread
    /// (``DedupeKeyMarker``).
    var keyMarker: DedupeKeyMarker?
    var parse = Ledger(stage: "parse")
    var reports: [InputReport] = []
    static let chunkSize = 512

    init(inputs: [PipelineInput], normalize: StageRunner<NormalizeStage>,
         dedupe: StageRunner<DedupeStage>? = nil, exclude: StageRunner<ExcludeStage>? = nil) {
        self.inputs = inputs
        self.normalize = normalize
        self.dedupe = dedupe
        self.exclude = exclude
    }

    /// The consumer has stopped: nothing more is handed over.
    private struct Cancelled: Error {}

    func run(into handoff: RecordHandoff) {
        // The stages and the ledger as locals for the whole read, put back at the end: every
        // access to a class's stored `var` is checked for exclusivity at run time, six per
        // record here (1.2 % of `run`).
        var normalize = self.normalize, dedupe = self.dedupe, exclude = self.exclude
        var premark = self.premark, keyMarker = self.keyMarker, parse = self.parse, reports = self.reports
        defer {
            self.normalize = normalize
            self.dedupe = dedupe
            self.exclude = exclude
            self.premark = premark
            self.keyMarker = keyMarker
            self.parse = parse
            self.reports = reports
        }
        var chunk = handoff.emptyChunk()
        func handOver() -> Bool {
            if chunk.isEmpty { return !handoff.isCancelled }
            // A whole chunk at a time, so that the lookups' cache misses overlap; and only
            // while the other thread is behind (a chunk still waits for it). When it waits for
            // records instead, this thread is the slower one, and exclude there looks the
            // unmarked records up itself: the marks decide nothing, they only move work.
            if premark != nil && handoff.isBacklogged { premark!.premark(chunk: &chunk) }
            defer { chunk = handoff.emptyChunk() }
            return handoff.put(.records(chunk))
        }
        // Full chunks go over as they fill, also while a stage finishes (dedupe's deferred
        // survivors come out in parts and must not pile up here).
        func deliver(_ r: consuming ContactRecord) throws {
            if keyMarker != nil { keyMarker!.mark(&r) }
            chunk.append(r)
            if chunk.count >= Self.chunkSize, !handOver() { throw Cancelled() }
        }
        func afterDedupe(_ r: ContactRecord) throws {
            if exclude != nil { try exclude!.push(r, to: deliver) } else { try deliver(r) }
        }
        func afterNormalize(_ r: ContactRecord) throws {
            if dedupe != nil { try dedupe!.push(r, to: afterDedupe) } else { try deliver(r) }
        }
        do {
            for input in inputs {
                var source = try input.open()
                let before = parse.input
                while let r = try source.next() {
                    parse.input += 1
                    parse.countOut(r)
                    try normalize.push(consume r, to: afterNormalize)
                }
                reports.append(parse.noteInput(input, read: source, among: inputs.count))
                for marker in input.partialMarkers(source, records: parse.input - before) {
                    parse.input += 1
                    parse.countOut(marker)
                    try normalize.push(marker, to: afterNormalize)
                }
            }
            try normalize.finish(to: afterNormalize)
            if dedupe != nil { try dedupe!.finish(to: afterDedupe) }
            if exclude != nil { try exclude!.finish(to: deliver) }
            guard handOver() else { return }
            handoff.put(.finished)
        } catch is Cancelled {
            return
        } catch {
            guard handOver() else { return }
            handoff.put(.failed(error))
        }
    }
}

extension PipelineInput {
    /// The `input_partial` rejects for an input read only in part (one per problem that
    /// stopped it), numbered after its `records` records: they go down the stages like any
    /// reject, so the batch folder says so, as the pipe's `parse` makes it say.
    func partialMarkers(_ source: some RecordSource, records: Int) -> [ContactRecord] {
        source.partial.map { ContactRecord.inputPartialMarker($0, file: resolvedPath, record: records + 1) }
    }
}

extension Ledger {
    /// Adds what reading `input` found (its facts, and why it was read only in part) to the
    /// parse ledger, prefixed with the input's path when the run has several; returns the
    /// input's report.
    mutating func noteInput(_ input: PipelineInput, read source: some RecordSource, among count: Int) -> InputReport {
        let facts = source.facts
        for f in facts { self.facts.append(KeyValue(count > 1 ? "\(input.resolvedPath) \(f.key)" : f.key, f.value)) }
        for d in source.partial { partial.append("\(input.resolvedPath): \(d.message)") }
        return InputReport(path: input.resolvedPath, facts: facts, partial: source.partial)
    }
}

/// What a run did: each step's ledger in order, what each input turned out to be, and where the
/// batches went.
public struct PipelineRun: Sendable {
    public var ledgers: [Ledger] = []
    public var inputs: [InputReport] = []
    public var batchDirectory: String?

    public init() {}

    /// Whether any input was read only in part.
    public var isPartial: Bool { inputs.contains { !$0.partial.isEmpty } }
    /// Whether every step's ledger balances.
    public var isBalanced: Bool { ledgers.allSatisfy(\.isBalanced) }
}

/// One input as read: the detected dialect (encoding, delimiter, BOM, line endings) and any
/// problem that stopped the read early.
public struct InputReport: Sendable {
    public var path: String
    public var facts: [KeyValue]
    public var partial: [Diagnostic]
}
