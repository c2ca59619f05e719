import Testing
import ListwashCore
@testable import ListwashPipeline

struct StageRegistryTests {
    @Test func isSortedByNameWithUniqueNames() {
        let names = StageRegistry.all.map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
    }

    @Test func holdsEveryStageAPipelineRuns() {
        for name in StageRegistry.pipelineOrder {
            #expect(StageRegistry.spec(named: name) != nil, "\(name)")
        }
    }

    @Test(arguments: StageRegistry.all.map(\.name))
    func everyStageHasASummaryAnExampleAndWellFormedSettings(name: String) throws {
        let spec = try #require(StageRegistry.spec(named: name))
        #expect(!spec.summary.isEmpty)
        #expect(!spec.example.isEmpty)
        #expect(name.allSatisfy { $0.isLowercase || $0 == "-" })
        for s in spec.settings {
            #expect(s.path.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" || $0 == "." }, "\(s.path)")
            #expect(!s.summary.isEmpty, "\(s.path)")
        }
    }

    @Test(arguments: StageRegistry.all.map(\.name))
    func everyExampleIsAPipelineBlockThatReadsCleanly(name: String) throws {
        let spec = try #require(StageRegistry.spec(named: name))
        let file = try PipelineFile.parse(spec.example, path: "\(name)-example.yaml")
        let keys = file.root.members?.map(\.key) ?? []
        #expect(!keys.isEmpty)
        for key in keys { #expect(PipelineSpec.keys.contains(key), "\(key)") }
        // The example's block checks against the stage's own spec.
        let block = file.root[name == "parse" ? "inputs" : name]
        let node = try #require(block)
        for root in node.list ?? [node] {
            #expect(SpecTypeCheck.check(root, spec: spec).isEmpty)
        }
    }
}
