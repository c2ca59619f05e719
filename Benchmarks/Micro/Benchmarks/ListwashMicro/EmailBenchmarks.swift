import Benchmark
import ListwashCore
import ListwashStages

/// The email part of `normalize`: trim, syntax check, lowercase (``EmailNormalizer``), on the raw
/// email fields of the workload (case and whitespace variants, ~4% empty or invalid).
func emailBenchmarks() {
    let emails = Workload.rawEmails
    let bytes = emails.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
    var strict = EmailNormalizer.Options()
    strict.syntax = .strict

    for (label, options) in [("basic", Workload.basicEmail), ("strict", strict)] {
        Benchmark("Email/normalize (\(label) syntax)", configuration: .init(metrics: Metrics.bytes)) { benchmark in
            let normalizer = EmailNormalizer(options: options)
            var accepted = 0
            benchmark.timed {
                for e in emails {
                    if case .accepted(let s, _) = normalizer.normalize(e) { accepted &+= 1; blackHole(s) }
                }
                return bytes
            }
            precondition(accepted > emails.count * 8 / 10, "only \(accepted) emails accepted")
        }
    }
}
