import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashParsers

/// A mapping file of nested aliases (the YAML "billion laughs") is refused before anything walks
/// it, with the code a pipeline file gets for the same problem (README: `yaml_too_large`).
struct MappingAliasBombTests {
    /// Nine lines that expand to a billion values.
    static func bomb(format: String) -> String {
        var yaml = "name: bomb\nformat: \(format)\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...9 { yaml += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        return yaml
    }

    @Test func aCSVMappingIsRefusedAsTooLarge() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let p = try dir.write("bomb.yaml", Self.bomb(format: "csv"))
        #expect { _ = try MappingPreset.load(path: p) } throws: { ($0 as? Diagnostic)?.code == "yaml_too_large" }
    }

    @Test func anXMLMappingIsRefusedAsTooLarge() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let p = try dir.write("bomb.yaml", Self.bomb(format: "xml"))
        #expect { _ = try XMLMappingPreset.load(file: p) } throws: { ($0 as? Diagnostic)?.code == "yaml_too_large" }
    }
}
