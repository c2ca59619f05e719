import Benchmark
import ListwashCore
import ListwashStages

/// The whole `normalize` stage per record, with the settings of the benchmark pipeline
/// (prep-pipe.sh: basic email syntax, phones kept, inner spaces kept, tags not deduplicated):
/// what the email benchmarks measure plus names, phones, tags and the record's copies.
func normalizeBenchmarks() {
    let records = Workload.parsed
    func map(_ members: [(String, SettingNode)]) -> SettingNode {
        SettingNode(.map(members.map { (key: $0.0, keyPosition: nil, node: $0.1) }))
    }
    let settings = map([
        ("email", map([("syntax", .scalar("basic"))])),
        ("phone", map([("mode", .scalar("keep"))])),
        ("names", map([("collapse_spaces", .scalar("false"))])),
        ("tags", map([("dedupe", .scalar("false"))])),
    ])

    Benchmark("Normalize/NormalizeStage.process (benchmark settings)") { benchmark in
        do {
            var stage = try NormalizeStage(settings: settings, context: StageContext())
            var out = StageOutput()
            for r in records { stage.process(r, into: &out) }
            precondition(out.records.count == records.count)
            blackHole(out.records.count)
        } catch {
            fatalError("normalize with the benchmark settings does not build: \(error)")
        }
    }
}
