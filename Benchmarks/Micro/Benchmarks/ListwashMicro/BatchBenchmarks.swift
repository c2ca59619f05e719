import Benchmark
import ListwashCore
import ListwashImport

/// `batch`: ``BatchWriter`` serializing live records into bulk-import request bodies (250 per
/// request, byte limit, repeated-email split check, validation, SHA-256 of each request), in
/// plan-only mode so no file is written: the serialization cost alone.
func batchBenchmarks() {
    let records = Workload.live

    Benchmark("Batch/serialize requests (BatchWriter, plan only)", configuration: .init(metrics: Metrics.bytes)) { benchmark in
        timedWriter(benchmark) { writer in
            for r in records { try writer.consume(r) }
        }
    }

    // The same records as JSON lines, as `listwash batch` reads them: each decoded for its
    // email only and its contact object copied from the line (ContactLine), or decoded whole.
    Benchmark("Batch/copy contacts from their lines (BatchWriter.consume contactLine, plan only)",
              configuration: .init(metrics: Metrics.bytes)) { benchmark in
        let (text, ranges) = Workload.jsonLines
        let files = FileNameCache()
        let fallback = Provenance(file: "-", record: 0, line: 0)
        timedWriter(benchmark) { writer in
            try text.withUnsafeBufferPointer { all in
                for range in ranges {
                    let line = UnsafeBufferPointer(rebasing: all[range])
                    let r = try ContactRecord.decode(jsonLine: line, fallback: fallback, files: files, wanted: BatchWriter.contactLineFields)
                    if try !writer.consume(r, contactLine: line) {
                        try writer.consume(ContactRecord.decode(jsonLine: line, fallback: fallback, files: files))
                    }
                }
            }
        }
    }
}

/// Times a fresh plan-only ``BatchWriter`` (no files, no source maps) fed by `feed`, then
/// finished; the bytes of its requests are the measure.
private func timedWriter(_ benchmark: Benchmark, _ feed: (inout BatchWriter) throws -> Void) {
    var settings = BatchSettings(out: nil)
    settings.planOnly = true
    settings.sourceMap = false
    var bytes = 0
    do {
        try benchmark.timed {
            var writer = BatchWriter(settings: settings)
            try feed(&writer)
            _ = try writer.finish()
            bytes = writer.plan?.bytes ?? 0
            return bytes
        }
    } catch {
        fatalError("BatchWriter failed on the workload: \(error)")
    }
    precondition(bytes > 0)
    blackHole(bytes)
}
