import Testing
import ListwashCore
import ListwashPipeline
import ListwashTestSupport

struct StagesCommandTests {
    @Test func listsEveryStageOfTheRegistryWithItsSummary() throws {
        let r = try Listwash.run(["stages"])
        #expect(r.status == 0)
        for spec in StageRegistry.all { #expect(r.stdout.contains("\(spec.name)  ") && r.stdout.contains(spec.summary), "\(spec.name)") }
    }

    /// `stages explain` is read from the same spec the stage, its flags and the linter use.
    @Test(arguments: StageRegistry.all.map(\.name))
    func explainShowsEverySettingItsFlagAndTheExample(name: String) throws {
        let spec = try #require(StageRegistry.spec(named: name))
        let r = try Listwash.run(["stages", "explain", name])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("\(name): \(spec.summary)\n"))
        // The descriptions are wrapped at 79 columns: compared with their line breaks as spaces.
        let flat = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for line in r.stdout.split(separator: "\n") where line.hasPrefix("      ") { #expect(line.count <= 79, "\(line)") }
        for s in spec.settings {
            #expect(r.stdout.contains("  \(s.path)"), "\(s.path)")
            if let flag = s.flag { #expect(r.stdout.contains("(--\(flag))"), "\(flag)") }
            if let d = s.defaultText { #expect(flat.contains("Default: \(d.split(whereSeparator: \.isWhitespace).joined(separator: " "))."), "\(d)") }
        }
        for line in spec.example.split(separator: "\n") { #expect(r.stdout.contains("  " + line), "\(line)") }
    }
}
