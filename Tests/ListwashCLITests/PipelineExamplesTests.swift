import Foundation
import Testing
import ListwashCore
import ListwashPipeline
import ListwashTestSupport

/// The worked examples in `pipelines/`: each has golden lint and audit cases, and passes lint.
struct PipelineExamplesTests {
    static var examples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: PackagePaths.root + "/pipelines")) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func thereAreTheFourKindsOfExample() {
        for name in ["newsletter-csv", "merge-vcard-csv", "xml-custom-mapping", "exclusions-hashed"] {
            #expect(Self.examples.contains(name), "\(name)")
        }
    }

    @Test(arguments: examples)
    func everyExampleHasGoldenLintAndAuditCases(name: String) {
        for kind in ["lint", "audit"] {
            let dir = GoldenCaseTests.root + "/\(kind)-\(name)"
            #expect(FileManager.default.fileExists(atPath: dir + "/cmd"), "\(dir)")
        }
    }

    @Test(arguments: examples)
    func everyExamplePassesLint(name: String) throws {
        let r = try Listwash.run(["lint", "pipelines/\(name).yaml"], directory: PackagePaths.root,
                                 environment: ["AC_BASE_URL": "http://127.0.0.1:8930"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(!r.stdout.contains(": error: "))
    }
}
