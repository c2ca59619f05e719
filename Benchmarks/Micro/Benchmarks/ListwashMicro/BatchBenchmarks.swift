import Benchmark
import ListwashCore
import ListwashImport

/// `batch`: ``BatchWriter`` serializing live records into bulk-import request bodies (250 per
/// request, byte limit, repeated-email split check, validation, SHA-256 of each request), in
/// plan-only mode so no file is written: the serialization cost alone.
func batchBenchmarks() {
    let records = Workload.live

    Benchmark("Batch/serialize requests (BatchWriter, plan only)", configuration: .init(metrics: Metrics.bytes)) { benchmark in
        var settings = BatchSettings(out: nil)
        settings.planOnly = true
        settings.sourceMap = false
        var bytes = 0
        do {
            try benchmark.timed {
                var writer = BatchWriter(settings: settings)
                for r in records { try writer.consume(r) }
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
}
