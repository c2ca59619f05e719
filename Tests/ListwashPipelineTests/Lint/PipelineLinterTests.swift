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

    @Test func aMissingFileIsOneClearError() {
        let found = PipelineLinter.lint(path: Self.folder + "/nope.yaml", environment: Self.environment)
        #expect(found.map(\.code) == ["file_unreadable"])
    }
}
