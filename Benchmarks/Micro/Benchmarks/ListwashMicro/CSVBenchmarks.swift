import Benchmark
import ListwashCore
import ListwashParsers

/// The CSV layer: ``CSVReader`` field scanning over an in-memory buffer, and ``CSVSource``
/// record parsing (header mapping, tag splitting, ContactRecord building) from a cached file.
func csvBenchmarks() {
    let csv = Workload.csv

    Benchmark("CSV/scan fields (CSVReader, in memory)", configuration: .init(metrics: Metrics.bytes)) { benchmark in
        var fields = 0
        benchmark.timed {
            let reader = CSVReader(source: UTF8BytesInput(csv))
            do {
                while try reader.next() { fields &+= reader.fieldCount }
            } catch {
                fatalError("CSVReader failed on the generated workload: \(error)")
            }
            return csv.count
        }
        precondition(fields == (Workload.batch + 1) * 6, "the scan saw \(fields) fields")
        blackHole(fields)
    }

    Benchmark("CSV/parse records (CSVSource → ContactRecord)",
              configuration: .init(metrics: Metrics.bytes, setup: { _ = Workload.csvPath })) { benchmark in
        timedSource(benchmark) { source in
            var count = 0
            while let r = try source.next() { count &+= 1; blackHole(r) }
            return count
        }
    }

    Benchmark("CSV/parse lines (CSVSource.nextLine, plain records written directly)",
              configuration: .init(metrics: Metrics.bytes, setup: { _ = Workload.csvPath })) { benchmark in
        timedSource(benchmark) { source in
            var count = 0
            var w = JSONWriter(capacity: 1 << 16)
            while let next = try source.nextLine(into: &w) {
                count &+= 1
                if case .record(let r) = next { r.writeJSON(to: &w) }
                w.byte(0x0A)
                if w.count > 1 << 15 { w.bytes.removeAll(keepingCapacity: true) }
            }
            blackHole(w.count)
            return count
        }
    }
}

/// Times `read` over a fresh ``CSVSource`` on the workload's file (with prep-pipe.sh's tag
/// separator); `read` returns how many records it read, which must be all of them.
private func timedSource(_ benchmark: Benchmark, _ read: (inout CSVSource) throws -> Int) {
    var settings = ParseSettings()
    settings.tagSeparators = [";"]
    var count = 0
    do {
        try benchmark.timed {
            var source = try CSVSource(path: Workload.csvPath, settings: settings)
            count = try read(&source)
            return Workload.csv.count
        }
    } catch {
        fatalError("CSVSource failed on the generated workload: \(error)")
    }
    precondition(count == Workload.batch)
}
