import Foundation
import ListwashCore
import ListwashParsers
import ListwashStages
import ListwashPipeline

/// One fuzzed entry point: what it feeds the bytes to, and the invariants it checks. A broken
/// invariant traps (`preconditionFailure`), which both libFuzzer and the mutation loop report as
/// a finding with the input that caused it.
struct FuzzTarget {
    var name: String
    /// Folders (relative to the package root or absolute) whose files seed the corpus.
    var seedFolders: [String]
    var run: (UnsafeBufferPointer<UInt8>) -> Void

    nonisolated(unsafe) static let all: [FuzzTarget] = [
        parser("csv", ext: "csv", seeds: ["Tests/ListwashParsersTests/Fixtures/csv", "../shared/corpus/csv"]),
        parser("vcard", ext: "vcf", seeds: ["Tests/ListwashParsersTests/Fixtures/vcard", "../shared/corpus/vcard"]),
        parser("xml", ext: "xml", seeds: ["Tests/ListwashParsersTests/Fixtures/xml", "../shared/corpus/xml"]),
        FuzzTarget(name: "jsonl", seedFolders: ["Tests/ListwashCoreTests/Fixtures"], run: jsonLines),
        FuzzTarget(name: "email", seedFolders: ["../shared/corpus/email"], run: { normalize(email: $0) }),
        FuzzTarget(name: "phone", seedFolders: ["Tests/ListwashStagesTests/Fixtures/phone-seeds"], run: { normalize(phone: $0) }),
        FuzzTarget(name: "pipeline", seedFolders: ["pipelines", "Tests/ListwashCLITests/Golden"], run: pipelineFile),
    ]

    /// Pipeline files: any bytes load to a pipeline or to diagnostics, never a crash; every
    /// diagnostic names a position in the file.
    static func pipelineFile(_ bytes: UnsafeBufferPointer<UInt8>) {
        let path = ScratchFile.shared.write(bytes, ext: "yaml")
        let loaded = Pipeline.load(path: path, environment: ["AC_BASE_URL": "http://127.0.0.1:1"])
        for d in loaded.diagnostics where d.severity == .error {
            precondition(d.position != nil, "a pipeline diagnostic without a position: \(d)")
        }
    }

    /// A parser harness: the bytes become a file, the parser reads it to the end.
    static func parser(_ name: String, ext: String, seeds: [String]) -> FuzzTarget {
        FuzzTarget(name: name, seedFolders: seeds) { bytes in
            let path = ScratchFile.shared.write(bytes, ext: ext)
            var settings = ParseSettings()
            settings.format = ParseSettings.Format(rawValue: name)
            let source: any RecordSource
            do { source = try SourceFactory.open(path: path, settings: settings) } catch { return }  // refused: fine
            var s = source
            var count = 0
            while true {
                let next: ContactRecord?
                do { next = try s.next() } catch { return }  // unusable input: a clear error, fine
                guard let r = next else { break }
                count += 1
                precondition(r.source.line >= 1 && r.source.record >= 1, "record without provenance: \(r.jsonLine)")
                if let rej = r.reject { precondition(rej.code.isKnown, "unregistered reject code '\(rej.code)'") }
                precondition(count < 10_000_000, "runaway record count")
            }
        }
    }

    /// JSON Lines: whatever decodes re-encodes to something that decodes to the same record.
    static func jsonLines(_ bytes: UnsafeBufferPointer<UInt8>) {
        let fallback = Provenance(file: "-", record: 1, line: 1)
        guard let r = try? ContactRecord.decode(jsonLine: bytes, fallback: fallback) else { return }
        let again = try? ContactRecord.decode(jsonLine: r.jsonLine)
        precondition(again == r, "JSON Lines round trip changed the record: \(r.jsonLine)")
    }

    nonisolated(unsafe) static var normalizer: NormalizeStage? = {
        try? NormalizeStage(settings: .emptyMap, context: StageContext())
    }()

    /// Normalizing is idempotent and never loses the record.
    static func normalize(email bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        checkIdempotent(ContactRecord(email: text, source: Provenance(file: "f", record: 1, line: 1)))
    }

    static func normalize(phone bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        checkIdempotent(ContactRecord(email: "a@example.com", phone: text, source: Provenance(file: "f", record: 1, line: 1)))
    }

    static func checkIdempotent(_ record: ContactRecord) {
        guard let stage = normalizer else { preconditionFailure("normalize cannot be built with default settings") }
        let (once, ledger1) = runOnce(stage, record)
        precondition(ledger1.isBalanced && once.count == 1, "normalize lost or added records")
        guard let first = once.first, !first.isRejected else { return }
        let (twice, _) = runOnce(stage, first)
        var a = first, b = twice[0]
        a.notes = []; b.notes = []; a.changes = []; b.changes = []
        precondition(a == b, "normalize is not idempotent: \(first.jsonLine) -> \(twice[0].jsonLine)")
    }

    static func runOnce(_ stage: NormalizeStage, _ r: ContactRecord) -> ([ContactRecord], Ledger) {
        var runner = StageRunner(stage)
        var out: [ContactRecord] = []
        runner.push(r) { out.append($0) }
        runner.finish { out.append($0) }
        return (out, runner.ledger)
    }
}

/// A reusable file in /dev/shm (or /tmp) that each input is written to, for parsers that read paths.
final class ScratchFile: @unchecked Sendable {
    static let shared = ScratchFile()
    private var paths: [String: String] = [:]

    func write(_ bytes: UnsafeBufferPointer<UInt8>, ext: String) -> String {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = paths[ext] ?? "\(dir)/listwash-fuzz-\(getpid()).\(ext)"
        paths[ext] = path
        FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes))
        return path
    }

    func removeAll() {
        for p in paths.values { try? FileManager.default.removeItem(atPath: p) }
    }
}
