import Testing
import ListwashCore
@testable import ListwashPipeline

struct SpecTypeCheckTests {
    static let spec = StageSpec(name: "batch", summary: "s", settings: [
        SettingSpec("subscribe", kind: .integerList, summary: "list ids"),
        SettingSpec("exclude_automations", kind: .boolean, summary: "b"),
        SettingSpec("callback.request_type", kind: .choice(["GET", "POST"]), summary: "c"),
        SettingSpec("max_contacts", kind: .integer, summary: "n"),
    ], example: "")

    @Test func aListIdThatIsNotANumberIsPointedAt() throws {
        let file = try PipelineFile.parse("subscribe: [3, three, 12]\n", path: "p.yaml")
        let problems = SpecTypeCheck.check(file.root, spec: Self.spec)
        #expect(problems.map(\.code) == ["not_a_number"])
        #expect(problems.first?.position == SourcePosition(file: "p.yaml", line: 1, column: 16))
        #expect(problems.first?.message.contains("'three'") == true)
    }

    @Test func checksBooleansChoicesAndNumbersAtAnyDepth() throws {
        let file = try PipelineFile.parse("exclude_automations: maybe\ncallback: {request_type: PUT}\nmax_contacts: lots\n", path: "p.yaml")
        let problems = SpecTypeCheck.check(file.root, spec: Self.spec)
        #expect(problems.map(\.code) == ["wrong_type", "invalid_choice", "wrong_type"])
        #expect(problems.map { $0.position?.line ?? 0 } == [1, 2, 3])
    }

    @Test func acceptsWellTypedSettings() throws {
        let file = try PipelineFile.parse("subscribe: [3]\nexclude_automations: true\ncallback: {request_type: POST}\nmax_contacts: 200\n", path: "p.yaml")
        #expect(SpecTypeCheck.check(file.root, spec: Self.spec).isEmpty)
    }
}
