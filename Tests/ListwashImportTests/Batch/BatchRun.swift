import Foundation
import ListwashCore
import ListwashImport
import ListwashTestSupport
import Testing

/// A batch writer run over records in a fresh temporary directory, with readers for what it wrote.
struct BatchRun {
    let directory: TemporaryDirectory
    let ledger: Ledger
    let plan: BatchPlan
    var out: String { directory.path + "/out" }

    /// Runs `BatchWriter` with `--out DIR/out` plus `flags` over `records`.
    init(_ records: [ContactRecord], _ flags: [String] = []) throws {
        directory = try TemporaryDirectory()
        var writer = try BatchWriter(settings: FlagParser.parse(["--out", directory.path + "/out"] + flags, spec: BatchWriter.spec),
                                     context: StageContext())
        for r in records { try writer.consume(r) }
        ledger = try writer.finish()
        plan = try #require(writer.plan)
    }

    func remove() { directory.remove() }

    /// Every file name in the output directory, sorted.
    var fileNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).sorted() }
    var batchNames: [String] { fileNames.filter { $0.hasPrefix("batch-") && $0.hasSuffix(".json") } }

    func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/" + name)))
    }

    func json(_ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try bytes(name))) as? [String: Any])
    }

    /// The contacts of each batch file, in file order.
    func batches() throws -> [[[String: Any]]] {
        try batchNames.map { try #require(try json($0)["contacts"] as? [[String: Any]]) }
    }

    /// Emails of every contact, in file order.
    func emails() throws -> [String] {
        try batches().flatMap { $0.map { $0["email"] as? String ?? "" } }
    }

    /// The records of rejects.jsonl.
    func rejects() throws -> [ContactRecord] {
        try text("rejects.jsonl").split(separator: "\n").map { try ContactRecord.decode(jsonLine: String($0)) }
    }
}

/// `n` small records `c0@example.com`, `c1@example.com`, ... from `t.csv`.
func contacts(_ n: Int, start: Int = 0) -> [ContactRecord] {
    (start..<(start + n)).map { ContactRecord.fixture(email: "c\($0)@example.com", record: $0 + 1) }
}

/// The contact count of each batch.
func sizes(_ run: BatchRun) throws -> [Int] { try run.batches().map(\.count) }
