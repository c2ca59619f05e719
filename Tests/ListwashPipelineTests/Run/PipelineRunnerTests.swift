import Foundation
import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashPipeline

struct PipelineRunnerTests {
    static let records = """
    {"email":"a@gmail.com","first_name":"A","_src":{"file":"x.csv","record":1,"line":2}}
    {"first_name":"Broken","_src":{"file":"x.csv","record":2,"line":3},"_reject":{"code":"row_malformed","stage":"parse","reason":"ragged row"}}
    {"email":"b@outlook.com","_src":{"file":"x.csv","record":3,"line":4},"_extra":{"Colour":"red"}}

    """

    /// A pipeline over JSON Lines records in a fresh folder.
    static func pipeline(_ extra: String = "", records: String = records) throws -> (TemporaryDirectory, Pipeline) {
        let dir = try TemporaryDirectory()
        _ = try dir.write("data/in.jsonl", records)
        let path = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: data/in.jsonl\nbatch:\n  out: out\n" + extra)
        let resolution = Pipeline.load(path: path, environment: [:])
        #expect(resolution.errors.isEmpty, "\(resolution.diagnostics)")
        return (dir, try #require(resolution.pipeline))
    }

    @Test func runsEveryStageInOneProcessAndEveryLedgerBalances() throws {
        let (dir, pipeline) = try Self.pipeline()
        defer { dir.remove() }
        var observer = NoObserver()
        let run = try PipelineRunner(pipeline: pipeline).run(observer: &observer)
        #expect(run.ledgers.map(\.stage) == ["parse", "normalize", "dedupe", "exclude", "batch"])
        #expect(run.isBalanced)
        #expect(run.ledgers[0].input == 3)
        #expect(run.ledgers[0].rejected == [.rowMalformed: 1])
        #expect(run.ledgers[3].input == 3)
        #expect(run.batchDirectory == dir.path + "/out")
    }

    @Test(arguments: [PipelineStep.parse, .normalize, .dedupe, .exclude])
    func untilStopsAfterTheStepAndHandsOnEveryRecord(step: PipelineStep) throws {
        let (dir, pipeline) = try Self.pipeline()
        defer { dir.remove() }
        var observer = NoObserver()
        var emitted: [ContactRecord] = []
        let run = try PipelineRunner(pipeline: pipeline, until: step).run(observer: &observer) { emitted.append($0) }
        #expect(run.ledgers.last?.stage == step.rawValue)
        #expect(emitted.count == 3)
        #expect(emitted.filter(\.isRejected).count == 1)
        #expect(run.batchDirectory == nil)
    }

    @Test func theObserverSeesEveryRecordOnce() throws {
        let (dir, pipeline) = try Self.pipeline()
        defer { dir.remove() }
        var collector = AuditCollector()
        _ = try PipelineRunner(pipeline: pipeline).run(observer: &collector)
        #expect(collector.observed == 3)
        #expect(collector.live == 2)
        #expect(collector.unmapped == ["Colour": 1])
    }

    @Test func inputThatIsNotRecordsStopsTheRunWithItsPosition() throws {
        let (dir, pipeline) = try Self.pipeline(records: "Email,Name\n")
        defer { dir.remove() }
        var observer = NoObserver()
        #expect(throws: RecordStreamError.self) { _ = try PipelineRunner(pipeline: pipeline).run(observer: &observer) }
    }

    /// Records in input order, whether live or rejected, as the observer saw them.
    struct OrderObserver: PipelineObserver {
        var seen: [String] = []
        mutating func observe(_ record: ContactRecord) {
            seen.append("\(record.source.record) \(record.email ?? "-") \(record.reject?.code.rawValue ?? "live")")
        }
    }

    /// Many chunks' worth of records with invalid addresses and duplicates in case variants.
    static func manyRecords(_ n: Int) -> String {
        (1...n).map { i in
            let email = i % 7 == 0 ? "not-an-address" : "Person\(i % 1500)@Example.com"
            return #"{"email":"\#(email)","tags":["t\#(i % 3)"],"_src":{"file":"in.jsonl","record":\#(i),"line":\#(i)}}"#
        }.joined(separator: "\n") + "\n"
    }

    /// Every `batch-*.json` file's name and bytes.
    static func batchFiles(in folder: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("batch-") && name.hasSuffix(".json") {
            files[name] = Array(try #require(FileManager.default.contents(atPath: folder + "/" + name)))
        }
        return files
    }

    /// Whichever thread runs dedupe and exclude, with `union` on (survivors held to the end and
    /// released in parts) or off (streamed), the output is the one-thread run's.
    @Test(arguments: ["", "dedupe:\n  union: false\n"])
    func threadsGiveTheOneThreadResultRecordForRecordAndByteForByte(dedupe: String) throws {
        let (dir, pipeline) = try Self.pipeline(dedupe + "exclude:\n  entries: ['person7@example.com', '@nowhere.example']\n",
                                                records: Self.manyRecords(10000))
        defer { dir.remove() }
        var one = OrderObserver()
        let serial = try PipelineRunner(pipeline: pipeline, threads: 1).run(observer: &one)
        let serialBatches = try Self.batchFiles(in: dir.path + "/out")
        #expect(one.seen.count == 10000)
        #expect(serialBatches.count > 1)
        #expect(serial.ledgers[3].rejected[.excludedExact] == 1)
        for threads in [2, 3] {
            for last in [PipelineStep.normalize, .dedupe, .exclude] {
                let setting = "threads: \(threads), reader's last step: \(last)"
                var other = OrderObserver()
                let threaded = try PipelineRunner(pipeline: pipeline, threads: threads, readerLastStep: last).run(observer: &other)
                #expect(one.seen == other.seen, "\(setting)")
                #expect(serial.ledgers.map(\.line) == threaded.ledgers.map(\.line), "\(setting)")
                #expect(threaded.isBalanced)
                #expect(try Self.batchFiles(in: dir.path + "/out") == serialBatches, "\(setting)")
            }
        }
    }

    @Test(arguments: [PipelineStep.dedupe, .exclude])
    func aReaderThatDedupesStopsWhereTheRunStops(last: PipelineStep) throws {
        let (dir, pipeline) = try Self.pipeline("exclude:\n  entries: ['@example.com']\n", records: Self.manyRecords(3000))
        defer { dir.remove() }
        var one = OrderObserver()
        let serial = try PipelineRunner(pipeline: pipeline, until: .dedupe, threads: 1).run(observer: &one)
        var other = OrderObserver()
        let threaded = try PipelineRunner(pipeline: pipeline, until: .dedupe, threads: 2, readerLastStep: last).run(observer: &other)
        #expect(threaded.ledgers.map(\.stage) == ["parse", "normalize", "dedupe"])
        #expect(serial.ledgers.map(\.line) == threaded.ledgers.map(\.line))
        #expect(one.seen == other.seen)
        #expect(!other.seen.contains { $0.hasSuffix("excluded_domain") })
    }

    @Test func threadsStopAtAnUnusableSecondInputAfterTheFirstInputsRecords() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("a.jsonl", Self.manyRecords(2000))
        _ = try dir.write("b.jsonl", "Email,Name\n")
        // `union: false`: dedupe streams its survivors (with union they come out at the end,
        // which an unusable input never reaches).
        let path = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: a.jsonl\n  - path: b.jsonl\ndedupe:\n  union: false\nbatch:\n  out: out\n")
        let pipeline = try #require(Pipeline.load(path: path, environment: [:]).pipeline)
        for threads in 1...3 {
            for last in [PipelineStep.normalize, .exclude] {
                var observer = OrderObserver()
                #expect(throws: RecordStreamError.self) {
                    _ = try PipelineRunner(pipeline: pipeline, threads: threads, readerLastStep: last).run(observer: &observer)
                }
                #expect(observer.seen.count == 2000, "threads: \(threads), reader's last step: \(last)")
            }
        }
    }

    @Test func threadsStopWhenBatchesCannotBeWrittenWithoutWaitingForTheReader() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("a.jsonl", Self.manyRecords(20000))
        _ = try dir.write("blocker", "a file where the output folder should go\n")
        let path = try dir.write("p.yaml", "version: 1\ninputs:\n  - path: a.jsonl\nbatch:\n  out: blocker/out\n")
        let pipeline = try #require(Pipeline.load(path: path, environment: [:]).pipeline)
        for threads in 1...3 {
            for last in [PipelineStep.normalize, .exclude] {
                var observer = NoObserver()
                #expect(throws: (any Error).self) {
                    _ = try PipelineRunner(pipeline: pipeline, threads: threads, readerLastStep: last).run(observer: &observer)
                }
            }
        }
    }
}
