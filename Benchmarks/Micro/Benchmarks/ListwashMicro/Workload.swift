import Foundation
import ListwashCore
import ListwashParsers
import ListwashStages

/// The inputs every micro-benchmark works on: a deterministic, in-memory cut of the reference
/// workload (../shared/bench/README.md, "Generated data"): the same header and the same kinds of
/// mess (case and whitespace variants, ~10% repeated emails, ~4% bad emails, quoted companies,
/// non-ASCII names, tag lists), built here with ``SplitMix64`` so the benchmarks need no Python
/// and no data folder. Built once per process, before any measurement.
///
/// Every benchmark handles ``batch`` records per iteration and uses `scalingFactor: .kilo`, so
/// the throughput column reads as records per second and the malloc columns as mallocs per
/// record (the `*` rows of the benchmark table).
enum Workload {
    /// Records per benchmark iteration (= the `.kilo` scaling factor).
    static let batch = 1_000

    /// `batch` CSV rows plus the header, as the file's bytes.
    static let csv: [UInt8] = makeCSV(rows: batch, seed: 42)

    /// The same rows written to a temporary file, for ``CSVSource`` (which reads a path; the page
    /// cache keeps it in memory after the first read).
    static let csvPath: String = {
        let path = NSTemporaryDirectory() + "listwash-micro-\(getpid()).csv"
        guard FileManager.default.createFile(atPath: path, contents: Data(csv)) else {
            fatalError("listwash-micro: cannot write the workload to '\(path)'")
        }
        atexit { unlink(NSTemporaryDirectory() + "listwash-micro-\(getpid()).csv") }
        return path
    }()

    /// The parsed records (what `parse` emits), in file order.
    static let parsed: [ContactRecord] = {
        var settings = ParseSettings()
        settings.tagSeparators = [";"]
        do {
            var source = try CSVSource(path: csvPath, settings: settings)
            var out: [ContactRecord] = []
            while let r = try source.next() { out.append(r) }
            precondition(out.count == batch, "the generated CSV read as \(out.count) records, not \(batch)")
            return out
        } catch {
            fatalError("listwash-micro: the generated CSV does not parse: \(error)")
        }
    }()

    /// The raw email fields, as `normalize` receives them (nil where the field is empty).
    static let rawEmails: [String?] = parsed.map(\.email)

    /// Parsed records whose email passed the basic check, with the normalized email: what
    /// reaches `dedupe` and `batch` in the benchmark pipeline. Repeated `batch` times' worth by
    /// cycling, so every iteration has exactly `batch` live records.
    static let live: [ContactRecord] = {
        let normalizer = EmailNormalizer(options: basicEmail)
        var ok: [ContactRecord] = []
        for var r in parsed {
            if case .accepted(let email, _) = normalizer.normalize(r.email) {
                r.email = email
                ok.append(r)
            }
        }
        return (0..<batch).map { ok[$0 % ok.count] }
    }()

    /// `live` as JSON Lines (one line per record, LF-terminated) and where each line starts.
    static let jsonLines: (bytes: [UInt8], ranges: [Range<Int>]) = {
        var w = JSONWriter(capacity: batch * 256)
        var ranges: [Range<Int>] = []
        for r in live {
            let start = w.count
            r.writeJSON(to: &w)
            ranges.append(start..<w.count)
            w.byte(0x0A)
        }
        return (w.bytes, ranges)
    }()

    /// Normalized emails of `live` as bytes (the dedupe key for `key: [email]`).
    static let emailBytes: [[UInt8]] = live.map { Array(($0.email ?? "").utf8) }

    /// The options of the benchmark pipeline (`--email-syntax basic`).
    static let basicEmail: EmailNormalizer.Options = {
        var o = EmailNormalizer.Options()
        o.syntax = .basic
        return o
    }()

    // MARK: - generation

    static let first = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "Priya", "Omar",
                        "Wei", "Yuki", "Olga", "Carlos", "Chloe", "Nan", "Ana María", "Jean-Luc", "José", "Zoë",
                        "Łukasz", "李", "Søren", "François", "Çağla", "Dvořák"]
    static let last = ["Smith", "Johnson", "Brown", "Garcia", "Miller", "Lee", "Patel", "Chen", "Tanaka", "Kowalski",
                       "O'Brien", "van der Berg", "Smith, Jr.", "Null", "García", "Müller", "Nguyễn", "Wójcik", "王", "Lefèvre"]
    static let domains = ["gmail.com", "yahoo.com", "outlook.com", "gmx.de", "orange.fr", "qq.com", "acme.com",
                          "example.org", "globex.io", "sub.mail.example.com", "contoso.co.jp", "xn--bcher-kva.example"]
    static let companies = ["Acme Corp", "Acme, Inc.", "Globex Corporation", "The \"Original\" Bagel Co.", "Hooli",
                            "Müller & Söhne GmbH", "李氏贸易有限公司", "Smith, Jones & \"Partners\"", "NA", "Zoë's Café"]
    static let tags = ["vip;newsletter", "newsletter", "customer;vip", "lead;webinar-2026", "newsletter;", ";vip",
                       "vip;;newsletter", "partner;trade show, berlin", "café-owners;newsletter"]
    static let phones = ["(555) 123-4567", "555.123.4567", "+1 555 123 4567", "1 (555) 123-4567 x12",
                         "+44 20 7946 0958", "07700 900123", "+49 (0)30 901820", "0044 20 7946 0958"]
    static let spaces = [" ", "  ", "\t", " \t"]

    static func makeCSV(rows: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) < p * 10_000 }
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func ascii(_ s: String) -> String {
            String(s.lowercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0 == "-") })
        }
        var seen: [String] = []
        var text = "Email,First Name,Last Name,Phone,Company,Tags\n"
        for _ in 0..<rows {
            let f = pick(first), l = pick(last)
            var email: String
            if chance(0.10), let earlier = seen.randomElement(using: &rng) {
                email = chance(0.5) ? earlier.uppercased() : earlier.capitalized  // a repeat, in another case
            } else if chance(0.01) {
                email = chance(0.5) ? "" : pick(spaces)
            } else if chance(0.03) {
                email = pick(["\(ascii(f)).\(pick(domains))", "\(ascii(f)) at \(pick(domains))", "\(ascii(f))@gmail",
                              "\(ascii(f))@@\(pick(domains))", "\"\(l), \(f)\" <\(ascii(f))@\(pick(domains))>"])
            } else {
                let local = chance(0.004) ? "zoë.müller\(rng.next() % 1000)" : "\(ascii(f)).\(ascii(l))\(rng.next() % 10_000)"
                email = local + "@" + pick(domains)
                seen.append(email)
                if chance(0.13) { email = email.uppercased() }
            }
            if chance(0.05) { email = pick(spaces) + email + pick(spaces) }
            let firstField = chance(0.04) ? "" : (chance(0.1) ? " \(f.uppercased()) " : f)
            let lastField = chance(0.04) ? "" : (chance(0.1) ? "\(l)\t" : l)
            let phone = chance(0.15) ? "" : pick(phones)
            let company = chance(0.25) ? "" : pick(companies)
            let tag = chance(0.45) ? "" : pick(tags)
            text += [email, firstField, lastField, phone, company, tag].map(field).joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }
}
