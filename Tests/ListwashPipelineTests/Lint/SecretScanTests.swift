import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashPipeline

struct SecretScanTests {
    static let token = String(repeating: "0123456789abcdef", count: 4) + "a1b2c3d4"

    @Test func aTokenWrittenInTheSubmitBlockIsAnErrorThatNeverRepeatsIt() throws {
        let file = try PipelineFile.parse("submit:\n  token: \(Self.token)\n", path: "p.yaml")
        let problems = SecretScan.scan(file.root)
        #expect(problems.map(\.code) == ["token_in_file"])
        #expect(problems.first?.position?.line == 2)
        #expect(!problems.description.contains(Self.token))
    }

    @Test func aTokenInPlaceOfTheVariableNameIsFound() throws {
        let file = try PipelineFile.parse("submit: {token_env: \(Self.token)}\n", path: "p.yaml")
        #expect(SecretScan.scan(file.root).map(\.code) == ["token_in_file"])
    }

    @Test func hashedSuppressionEntriesAreNotTokens() throws {
        let file = try PipelineFile.parse("exclude:\n  - sha256: \(Self.token)\nsubmit: {token_env: AC_API_TOKEN}\n", path: "p.yaml")
        #expect(SecretScan.scan(file.root).isEmpty)
    }
}

struct TokenEnvTests {
    @Test func aTokenEnvThatExpandsToTheTokenIsAnErrorThatNeverPrintsIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("in.jsonl", "")
        let path = try dir.write("p.yaml", "version: 1\ninputs: [{path: in.jsonl}]\nbatch: {out: out}\nsubmit: {token_env: '${AC_API_TOKEN}'}\n")
        let found = PipelineLinter.lint(path: path, environment: ["AC_API_TOKEN": "not-a-hex-secret-value"])
        #expect(found.map(\.code) == ["token_env_invalid"])
        #expect(found.first?.position?.line == 4)
        #expect(!found.description.contains("not-a-hex-secret-value"))
    }

    @Test(arguments: [("AC_API_TOKEN", true), ("_x1", true), ("1ABC", false), ("a-b", false), ("", false)])
    func variableNames(name: String, valid: Bool) {
        #expect(isVariableName(name) == valid)
    }
}
