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
        var settings = ParseSettings()
        settings.tagSeparators = [";"]
        var count = 0
        do {
            try benchmark.timed {
                var source = try CSVSource(path: Workload.csvPath, settings: settings)
                while let r = try source.next() { count &+= 1; blackHole(r) }
                return csv.count
            }
        } catch {
            fatalError("CSVSource failed on the generated workload: \(error)")
        }
        precondition(count == Workload.batch)
    }

    Benchmark("CSV/parse lines (CSVSource.nextLine, plain records written directly)",
              configuration: .init(metrics: Metrics.bytes, setup: { _ = Workload.csvPath })) { benchmark in
        var settings = ParseSettings()
        settings.tagSeparators = [";"]
        var count = 0
        do {
            try benchmark.timed {
                var source = try CSVSource(path: Workload.csvPath, settings: settings)
                var w = JSONWriter(capacity: 1 << 16)
                while let next = try source.nextLine(into: &w) {
                    count &+= 1
                    if case .record(let r) = next { r.writeJSON(to: &w) }
                    w.byte(0x0A)
                    if w.count > 1 << 15 { w.bytes.removeAll(keepingCapacity: true) }
                }
                blackHole(w.count)
                return csv.count
            }
        } catch {
            fatalError("CSVSource failed on the generated workload: \(error)")
        }
        precondition(count == Workload.batch)
    }
}
