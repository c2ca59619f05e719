import Foundation
import Testing
import ListwashTestSupport

/// Every command's `--help` is pinned (STYLE §2): a change to a setting's name, flag, default or
/// wording shows up here. Regenerate with
/// `for c in parse normalize dedupe exclude codes; do COLUMNS=100 listwash $c --help > Tests/ListwashCLITests/Fixtures/help/$c.txt; done`.
struct HelpTextTests {
    @Test(arguments: ["parse", "normalize", "dedupe", "exclude", "codes"])
    func helpIsPinned(_ command: String) throws {
        let expected = try String(contentsOfFile: PackagePaths.fixture("ListwashCLITests", "help/\(command).txt"), encoding: .utf8)
        let r = try Listwash.run([command, "--help"], environment: ["COLUMNS": "100"])
        #expect(r.status == 0)
        #expect(r.stdout == expected)
    }

    @Test func topLevelHelpListsEveryCommand() throws {
        let r = try Listwash.run(["--help"], environment: ["COLUMNS": "100"])
        for c in ["parse", "normalize", "dedupe", "exclude", "batch", "submit", "status", "run", "audit", "lint", "sandbox", "stages", "codes"] {
            #expect(r.stdout.contains("  \(c)"), "\(c)")
        }
    }
}
