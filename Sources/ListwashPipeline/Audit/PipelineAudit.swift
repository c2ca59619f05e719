import Foundation
import ListwashCore
import ListwashImport

/// Runs an audit: a pipeline short of submitting (batches written to a scratch folder, read for
/// the plan, then removed), or records from a pipe, observed by an ``AuditCollector``.
public enum PipelineAudit {
    /// Audits the pipeline file at `path`. The batch step writes to a scratch folder, so an audit
    /// never touches the pipeline's real output folder.
    public static func run(path: String, environment: [String: String]) throws -> (AuditReport?, PipelineResolution) {
        let scratch = NSTemporaryDirectory() + "listwash-audit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }  // scratch batches: nothing of value is lost
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let resolution = Pipeline.load(path: path, environment: environment, batchOut: scratch)
        guard let pipeline = resolution.pipeline else { return (nil, resolution) }
        var collector = AuditCollector()
        // Fill rates describe the contacts as sent: with the tags and lists `batch` adds.
        collector.runTags = pipeline.batch.settings.tags
        collector.runLists = pipeline.batch.settings.subscribe
        let run = try PipelineRunner(pipeline: pipeline, until: .batch).run(observer: &collector)
        var report = try AuditReport(pipeline: pipeline.name, run: run, collector: collector, warnings: resolution.diagnostics)
        // The scratch folder is an audit detail; the plan names the pipeline's own folder.
        report.inputs = report.inputs.map { var i = $0; i.path = displayPath(i.path); return i }
        report.funnel = report.funnel.map { step in
            var step = step
            step.facts = step.facts.map { KeyValue($0.key, $0.value.replacingOccurrences(of: scratch, with: "(audit scratch folder)")) }
            return step
        }
        return (report, resolution)
    }

    /// Audits JSON Lines records read from `source` (the end of a pipe).
    public static func pipe(_ source: inout some RecordSource, name: String = "-") throws -> AuditReport {
        var collector = AuditCollector()
        while let r = try source.next() {
            // What `batch` would refuse is not importable, whether or not the records went
            // through `normalize` (a pipe may skip it): counted as batch's rejects.
            if !r.isRejected, case .refused(let problem) = BatchWriter.check(r) {
                collector.observe(r.rejected(problem))
            } else {
                collector.observe(r)
            }
        }
        var run = PipelineRun()
        run.ledgers = collector.pipeLedgers()
        run.inputs = [InputReport(path: "-", facts: source.facts, partial: source.partial)]
        return try AuditReport(pipeline: name, run: run, collector: collector, warnings: [])
    }

    static func displayPath(_ p: String) -> String {
        p.hasPrefix("./") ? String(p.dropFirst(2)) : p
    }
}
