import Benchmark
import ListwashCore

/// JSON Lines, the pipe between stage processes: ``ContactRecord/writeJSON(to:)`` into a
/// reused ``JSONWriter``, and ``ContactRecord/decode(jsonLine:fallback:)`` of those lines.
func jsonLinesBenchmarks() {
    let records = Workload.live
    let (lines, ranges) = Workload.jsonLines

    Benchmark("JSONLines/encode ContactRecord", configuration: .init(metrics: Metrics.bytes)) { benchmark in
        var w = JSONWriter(capacity: lines.count + 4096)
        benchmark.timed {
            w.bytes.removeAll(keepingCapacity: true)
            for r in records {
                r.writeJSON(to: &w)
                w.byte(0x0A)
            }
            return w.count
        }
        precondition(w.count == lines.count, "encoded \(w.count) bytes, expected \(lines.count)")
        blackHole(w.bytes)
    }

    Benchmark("JSONLines/decode ContactRecord", configuration: .init(metrics: Metrics.bytes)) { benchmark in
        let fallback = Provenance(file: "-", record: 1, line: 1)
        var emails = 0
        lines.withUnsafeBufferPointer { buf in
            benchmark.timed {
                for range in ranges {
                    do {
                        let r = try ContactRecord.decode(jsonLine: UnsafeBufferPointer(rebasing: buf[range]), fallback: fallback)
                        if r.email != nil { emails &+= 1 }
                        blackHole(r)
                    } catch {
                        fatalError("a JSON line written by writeJSON does not decode: \(error)")
                    }
                }
                return lines.count
            }
        }
        precondition(emails == records.count)
    }
}
