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

    /// The API token never reaches a setting: by its variable's name, or by another variable
    /// holding the same value. Every expanding setting is written to a file (DESIGN §8).
    @Test(arguments: ["${AC_API_TOKEN}", "https://h.example.com/?t=${AC_API_TOKEN}", "${COPY}"])
    func theTokenIsNeverExpanded(value: String) throws {
        let file = try PipelineFile.parse("base_url: '\(value)'\n", path: "p.yaml")
        var problems: [Diagnostic] = []
        let secret = EnvironmentExpansion.TokenSecret(variable: "AC_API_TOKEN", value: "s3cret-token")
        let node = EnvironmentExpansion.expand(file.root, spec: Self.spec, environment: ["AC_API_TOKEN": "s3cret-token", "COPY": "s3cret-token"],
                                               secrets: secret, problems: &problems)
        #expect(problems.map(\.code) == ["token_in_setting"])
        #expect(problems.first?.severity == .error)
        let expanded = node["base_url"]?.scalar ?? ""
        #expect(expanded.contains("s3cret") == false)
        #expect(problems.allSatisfy { $0.description.contains("s3cret") == false })
    }

    /// A value inside an expanding mapping (a header of `callback.headers`) is expanded, as the
    /// note of `env_not_expanded` lists it; before, lint warned it was not while run expanded it.
    @Test func valuesInsideAnExpandingMappingAreExpanded() throws {
        let spec = StageSpec(name: "batch", summary: "s", settings: [
            SettingSpec("callback.headers", kind: .stringList, summary: "h", expandsEnvironment: true),
        ], example: "")
        let file = try PipelineFile.parse("callback:\n  headers: {X-Hook: '${HOOK}'}\n", path: "p.yaml")
        var problems: [Diagnostic] = []
        let node = EnvironmentExpansion.expand(file.root, spec: spec, environment: ["HOOK": "abc"], problems: &problems)
        #expect(problems.isEmpty)
        #expect(node["callback"]?["headers"]?["X-Hook"]?.scalar == "abc")
    }
}
