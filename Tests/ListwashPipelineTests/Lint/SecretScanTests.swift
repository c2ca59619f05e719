import Testing
import ListwashCore
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
