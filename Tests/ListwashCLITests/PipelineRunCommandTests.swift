import Foundation
import Testing
import ListwashTestSupport

struct RunCommandTests {
    static let pipeline = "version: 1\ninputs:\n  - path: in.jsonl\nbatch:\n  out: out\n"
    static let records = """
    {"email":"a@gmail.com","_src":{"file":"x.csv","record":1,"line":2}}
    {"_src":{"file":"x.csv","record":2,"line":3},"_reject":{"code":"row_malformed","stage":"parse","reason":"ragged row"}}

    """

    static func folder(_ pipeline: String = pipeline) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        _ = try dir.write("p.yaml", pipeline)
        _ = try dir.write("in.jsonl", records)
        return dir
    }

    @Test func aDryRunPrintsEveryStagesLedgerAndSubmitsNothing() throws {
        let dir = try Self.folder()
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let stages = r.stderr.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(stages == ["parse", "normalize", "dedupe", "exclude", "batch"])
        #expect(r.stdout.isEmpty)
    }

    @Test func untilWritesTheRecordsAfterThatStage() throws {
        let dir = try Self.folder()
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--until", "dedupe"], directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 2)
        #expect(r.stderr.contains("dedupe: in 2 = out 1 + rejected 1"))
    }

    @Test func anUnknownUntilStageIsAUsageError() throws {
        let dir = try Self.folder()
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--until", "dedup"], directory: dir.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("did you mean 'dedupe'?"))
    }

    @Test func anInvalidPipelineRunsNothingAndExits64() throws {
        let dir = try Self.folder("version: 1\ninputs:\n  - path: missing.csv\nbogus: 1\n")
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("p.yaml:3:11: error: input file 'missing.csv' does not exist [input_missing]"))
        #expect(r.stderr.contains("p.yaml:4:1: error: unknown key 'bogus' in the pipeline file [unknown_key]"))
    }

    @Test func submittingToAnUnreachableServerFailsAndNeverPrintsTheToken() throws {
        let dir = try Self.folder(Self.pipeline + "submit:\n  base_url: http://127.0.0.1:9\n  token_env: MY_TOKEN\n  max_attempts: 1\n  timeout: 2\n")
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml"], directory: dir.path, environment: ["MY_TOKEN": "s3cr3t-t0ken-value"])
        #expect(r.status == 1)
        // Nothing answered: the run stops and the batch stays planned for a re-run.
        #expect(r.stderr.contains("listwash run: error: no request reached the server: cannot connect to 127.0.0.1:9"), "\(r.stderr)")
        #expect(r.stderr.contains("[server_unreachable]"), "\(r.stderr)")
        #expect(!r.stderr.contains("s3cr3t-t0ken-value"))
        #expect(!r.stdout.contains("s3cr3t-t0ken-value"))
    }

    @Test func aFailedAuditGateSendsNothingAndExits2() throws {
        // One record of two is rejected (row_malformed): over a 10 % limit.
        let dir = try Self.folder(Self.pipeline + "submit:\n  base_url: http://127.0.0.1:9\n  token_env: MY_TOKEN\n  max_attempts: 1\n  timeout: 2\naudit:\n  fail_if: {reject_rate_over: 0.1}\n")
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml"], directory: dir.path, environment: ["MY_TOKEN": "t"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("listwash run: audit gate failed: reject rate 50.0% is over the limit 10.0% (1 of 2 records)"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was sent; the batches are written in"), "\(r.stderr)")
        #expect(r.stderr.contains("listwash submit "), "\(r.stderr)")
        // No request was tried: the server's address would have been named.
        #expect(!r.stderr.contains("cannot connect"), "\(r.stderr)")
        #expect(!r.stderr.contains("submit: in"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/out/batch-00001.json"))
    }

    @Test func aDryRunChecksTheGatesToo() throws {
        let dir = try Self.folder(Self.pipeline + "audit:\n  fail_if: {codes: [row_malformed]}\n")
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("listwash run: audit gate failed: 1 record rejected with 'row_malformed'"), "\(r.stderr)")
        #expect(!r.stderr.contains("nothing was sent"), "a dry run sends nothing anyway: \(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/out/batch-00001.json"))
    }

    @Test func gatesThatHoldLeaveTheRunAlone() throws {
        let dir = try Self.folder(Self.pipeline + "audit:\n  fail_if: {reject_rate_over: 0.5, duplicate_rate_over: 0, codes: [email_invalid]}\n")
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--dry-run"], directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("gate"), "\(r.stderr)")
    }

    @Test func gatesAreNotCheckedBeforeTheBatchesAreWritten() throws {
        let dir = try Self.folder(Self.pipeline + "audit:\n  fail_if: {codes: [row_malformed]}\n")
        defer { dir.remove() }
        let r = try Listwash.run(["run", "p.yaml", "--until", "dedupe"], directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
