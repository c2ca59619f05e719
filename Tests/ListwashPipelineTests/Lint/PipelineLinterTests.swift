import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashPipeline

struct PipelineLinterTests {
    static let folder = PackagePaths.fixture("ListwashPipelineTests", "lint")
    static let environment = ["LISTWASH_RULES": folder + "/rules", "LINT_TEST_BASE_URL": "http://127.0.0.1:8930"]

    @Test func reportsEveryMistakeInOnePassSortedByPosition() {
        let found = PipelineLinter.lint(path: Self.folder + "/many-mistakes.yaml", environment: Self.environment)
        let summary = found.map { "\($0.position?.line ?? 0):\($0.position?.column ?? 0) \($0.severity.rawValue) \($0.code)" }
        #expect(summary == [
            "1:1 error unknown_key",        // 'versoin'
            "1:1 error version_missing",
            "4:11 error input_missing",
            "5:5 error unknown_key",        // 'mappng' in an input
            "7:14 error mapping_unknown",   // 'hubspott'
            "8:13 error invalid_choice",    // format: excel
            "9:5 error wrong_type",         // an input that is not a mapping
            "14:3 error unknown_key",       // 'token' in submit
            "14:10 error token_in_file",
            "16:31 error out_of_range",     // reject_rate_over: 5
            "16:57 error unknown_code",     // no_such_code
        ])
    }

    @Test func everyProblemSaysHowToFixIt() {
        let found = PipelineLinter.lint(path: Self.folder + "/many-mistakes.yaml", environment: Self.environment)
        let byCode = Dictionary(found.map { ($0.message, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byCode["unknown key 'versoin' in the pipeline file"]?.fix == "did you mean 'version'?")
        #expect(byCode["unknown key 'versoin' in the pipeline file"]?.notes.first?.hasPrefix("known keys: audit, batch,") == true)
        #expect(byCode["unknown key 'mappng' in stage 'parse'"]?.fix == "did you mean 'mapping'?")
        #expect(byCode["mapping preset 'hubspott' does not exist"]?.fix == "did you mean 'hubspot'?")
        #expect(byCode["mapping preset 'hubspott' does not exist"]?.notes == ["presets: hubspot, outlook"])
        #expect(byCode["input file 'data/missing.csv' does not exist"]?.fix != nil)
        #expect(byCode["an API token is written in the pipeline file"]?.fix?.contains("token_env") == true)
        #expect(!found.description.contains("0123456789abcdef0123"))
    }

    @Test func aCleanFileHasNoProblem() {
        #expect(PipelineLinter.lint(path: Self.folder + "/clean.yaml", environment: Self.environment).isEmpty)
    }

    @Test func anUnsetVariableInSubmitIsOnlyAWarning() {
        var env = Self.environment
        env["LINT_TEST_BASE_URL"] = nil
        let found = PipelineLinter.lint(path: Self.folder + "/clean.yaml", environment: env)
        #expect(found.map(\.code) == ["env_unset"])
        #expect(found.first?.severity == .warning)
    }

    /// Sweep 10 F18: a custom field naming a column no input has is a warning at the name,
    /// with the inputs' columns and the closest one.
    @Test func aCustomFieldColumnNoInputHasIsAWarning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.csv", "Email,Birthday,Favourite Colour\na@acme.co,1990-01-02,blue\n")
        _ = try dir.write("card.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:b@acme.co\r\nBDAY:1990-01-02\r\nEND:VCARD\r\n")
        let p = try dir.write("p.yaml", """
            version: 1
            name: d
            inputs:
              - path: in.csv
              - path: card.vcf
            normalize:
              fields: {Birthday: 12, Favorite Color: 14, bday: 15, shoe size: {id: 16}}
            batch:
              out: o
            """)
        let found = PipelineLinter.lint(path: p, environment: [:])
        #expect(found.map { "\($0.position?.line ?? 0):\($0.position?.column ?? 0) \($0.severity.rawValue) \($0.code)" }
                == ["7:26 warning field_column_unknown", "7:56 warning field_column_unknown"])
        let first = try #require(found.first)
        #expect(first.message == "'fields' names column 'Favorite Color' (field 14), which no input has: no value reaches that field")
        #expect(first.notes == ["columns of 'in.csv': 'Email', 'Birthday', 'Favourite Colour'", "columns of 'card.vcf': 'BDAY'"])
        #expect(first.fix == "did you mean 'Favourite Colour'?")
        #expect(found.last?.message.contains("'shoe size' (field 16)") == true)
        #expect(first.description.hasPrefix(p + ":7:26: warning:"))
        // Every column found: nothing to say.
        let q = try dir.write("q.yaml", "version: 1\ninputs:\n  - path: in.csv\nnormalize:\n  fields: {favourite colour: 14}\nbatch:\n  out: o\n")
        #expect(PipelineLinter.lint(path: q, environment: [:]).isEmpty)
    }

    /// A folder with `in.csv` (one address) and the pipeline file `p.yaml` holding `yaml`.
    static func pipelineFile(_ yaml: String) throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        _ = try dir.write("in.csv", "email\na@x.com\n")
        return (dir, try dir.write("p.yaml", yaml))
    }

    /// `submit:` values the API or the submitter cannot honour passed lint; `run` wrote every
    /// batch and only then refused ('imports_per_minute' 500), or sent with them (a negative
    /// timeout, no attempt at all).
    @Test func submitValuesOutOfRangeAreErrorsBeforeAnythingRuns() throws {
        let (dir, p) = try Self.pipelineFile("""
            version: 1
            inputs:
              - path: in.csv
            batch:
              out: out
            submit:
              base_url: http://127.0.0.1:8930
              imports_per_minute: 500
              timeout: -1
              max_attempts: 0
              poll_interval: -5
              poll_timeout: 0
              requests_per_second: 3
            """)
        defer { dir.remove() }
        let found = PipelineLinter.lint(path: p, environment: [:])
        #expect(found.map { "\($0.position?.line ?? 0):\($0.position?.column ?? 0) \($0.severity.rawValue) \($0.code)" }
                == ["8:23 error invalid_value", "9:12 error invalid_value", "10:17 error invalid_value", "11:18 error invalid_value",
                    "12:17 error invalid_value"])
        #expect(found.first?.message == "'imports_per_minute' must be within 1...100, found 500")
        #expect(found.map(\.message).contains("'timeout' must be more than 0 seconds, found -1.0"))
        #expect(found.map(\.message).contains("'max_attempts' must be at least 1, found 0"))
        #expect(Pipeline.load(path: p, environment: [:]).pipeline == nil)
    }

    /// A group of settings written as one value (`names: title`, `callback: URL`, `fail_if:
    /// 0.01`) set nothing and passed lint; `run` and `audit` went on without it.
    @Test func aGroupOfSettingsWrittenAsOneValueIsAnError() throws {
        let (dir, p) = try Self.pipelineFile("""
            version: 1
            inputs:
              - path: in.csv
            normalize:
              names: title
              phone: GB
              tags:
            batch:
              out: out
              callback: https://hooks.example.com/ac
            audit:
              fail_if: 0.01
            """)
        defer { dir.remove() }
        let found = PipelineLinter.lint(path: p, environment: [:])
        #expect(found.map { "\($0.position?.line ?? 0):\($0.position?.column ?? 0) \($0.severity.rawValue) \($0.code)" }
                == ["5:10 error wrong_type", "6:10 error wrong_type", "10:13 error wrong_type", "12:12 error wrong_type"])
        #expect(found.first?.message == "'names' in stage 'normalize' is a group of settings, found the value 'title'; nothing would be set")
        #expect(found.first?.notes == ["settings in 'names': case, collapse_spaces, split_full_name"])
        #expect(found.map { $0.fix ?? "" }.map { $0.components(separatedBy: ", '").last ?? "" }
                == ["case: title'", "default_region: GB'", "url: https://hooks.example.com/ac'", "reject_rate_over: 0.01'"])
    }

    /// A pipeline file saved as UTF-16 (Notepad's "Unicode") is one error that names the
    /// encoding and how to convert it, not a "control characters" error echoing them.
    @Test(arguments: [true, false])
    func aUTF16FileIsOneClearError(withBOM: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = "version: 1\ninputs:\n  - path: a.csv\n"
        let bytes: [UInt8] = (withBOM ? [0xFF, 0xFE] : []) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let path = try dir.write("p.yaml", bytes: bytes)
        let found = PipelineLinter.lint(path: path, environment: Self.environment)
        #expect(found.map(\.code) == ["file_encoding"])
        #expect(found.first?.message.contains("UTF-16") == true)
        #expect(found.first?.fix?.contains("iconv -f UTF-16 -t UTF-8") == true)
    }

    @Test func aMissingFileIsOneClearError() {
        let found = PipelineLinter.lint(path: Self.folder + "/nope.yaml", environment: Self.environment)
        #expect(found.map(\.code) == ["file_unreadable"])
    }
}
