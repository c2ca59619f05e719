import Testing
import ListwashCore
@testable import ListwashPipeline

struct EnvironmentExpansionTests {
    static let spec = StageSpec(name: "submit", summary: "s", settings: [
        SettingSpec("base_url", kind: .string, summary: "u", expandsEnvironment: true),
        SettingSpec("account", kind: .string, summary: "a"),
    ], example: "")

    @Test func expandsOnlyTheSettingsThatDocumentIt() throws {
        let file = try PipelineFile.parse("base_url: ${HOST}/api\naccount: ${HOST}\n", path: "p.yaml")
        var problems: [Diagnostic] = []
        let node = EnvironmentExpansion.expand(file.root, spec: Self.spec, environment: ["HOST": "https://x.api-us1.com"], problems: &problems)
        #expect(node["base_url"]?.scalar == "https://x.api-us1.com/api")
        #expect(node["account"]?.scalar == "${HOST}")
        #expect(problems.map(\.code) == ["env_not_expanded"])
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.position?.line == 2)
    }

    @Test func anUnsetVariableIsReportedAtItsPosition() throws {
        let file = try PipelineFile.parse("base_url: ${NOPE}\n", path: "p.yaml")
        var problems: [Diagnostic] = []
        _ = EnvironmentExpansion.expand(file.root, spec: Self.spec, environment: [:], problems: &problems)
        #expect(problems.map(\.code) == ["env_unset"])
        #expect(problems.first?.severity == .error)
        #expect(problems.first?.position == SourcePosition(file: "p.yaml", line: 1, column: 11))
    }

    @Test(arguments: [("a${X}b${Y}", "a1b2"), ("${X}", "1"), ("no vars", "no vars"), ("${unterminated", "${unterminated")])
    func substitutesEveryVariable(input: String, expected: String) {
        var problems: [Diagnostic] = []
        #expect(EnvironmentExpansion.substitute(input, at: nil, environment: ["X": "1", "Y": "2"], problems: &problems) == expected)
        #expect(problems.isEmpty)
    }
}
