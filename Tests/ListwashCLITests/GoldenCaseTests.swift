import Foundation
import Testing
import ListwashTestSupport

/// Whole-command golden cases (STYLE §5, Miller's regression cases): each folder under
/// `Golden/` holds `cmd` (one shell line, `listwash` on PATH), its inputs, `expout`, `experr`,
/// optional `expstatus` (default 0) and optional `expfiles/` (files the command writes).
///
/// The case runs in a scratch copy of its folder, next to a copy of the repository's
/// `pipelines/`; `${CASEDIR}` in `cmd` is that folder, and the scratch path is written back as
/// `${CASEDIR}` in outputs. HTML files are compared by structure (section ids, headings and the
/// summary numbers), everything else exactly.
///
/// Regenerate every expected file with one command, then review with `git diff`:
///   LISTWASH_UPDATE_GOLDEN=1 swift test --disable-xctest --filter GoldenCaseTests
struct GoldenCaseTests {
    static let root = PackagePaths.root + "/Tests/ListwashCLITests/Golden"
    static let update = ProcessInfo.processInfo.environment["LISTWASH_UPDATE_GOLDEN"] == "1"

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/cmd") }.sorted()
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 10)
    }

    @Test(arguments: cases)
    func golden(_ name: String) throws {
        let fm = FileManager.default
        let source = Self.root + "/" + name
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let work = scratch.path + "/case"
        try fm.copyItem(atPath: source, toPath: work)
        try fm.copyItem(atPath: PackagePaths.root + "/pipelines", toPath: work + "/pipelines")
        for generated in ["expout", "experr", "expstatus", "expfiles"] { try? fm.removeItem(atPath: work + "/" + generated) }

        let cmd = try String(contentsOfFile: source + "/cmd", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "${CASEDIR}", with: work)
        let r = try Listwash.shell(cmd, directory: work, environment: [
            "AC_BASE_URL": "http://127.0.0.1:8930", "AC_API_TOKEN": "", "LISTWASH_RULES": PackagePaths.root + "/rules",
        ])
        func clean(_ s: String) -> String { s.replacingOccurrences(of: work, with: "${CASEDIR}") }
        let actual: [String: String] = ["expout": clean(r.stdout), "experr": clean(r.stderr), "expstatus": "\(r.status)\n"]

        let expectedFiles = source + "/expfiles"
        var written: [String: String] = [:]
        if let names = try? fm.contentsOfDirectory(atPath: expectedFiles) {
            for n in names { written[n] = (try? String(contentsOfFile: work + "/" + n, encoding: .utf8)).map(clean) ?? "(not written)" }
        }

        if Self.update {
            for (file, text) in actual where !(file == "expstatus" && text == "0\n") {
                try text.write(toFile: source + "/" + file, atomically: true, encoding: .utf8)
            }
            if actual["expstatus"] == "0\n" { try? fm.removeItem(atPath: source + "/expstatus") }
            for (n, text) in written { try text.write(toFile: expectedFiles + "/" + n, atomically: true, encoding: .utf8) }
            return
        }
        for file in ["expout", "experr"] {
            let expected = (try? String(contentsOfFile: source + "/" + file, encoding: .utf8)) ?? ""
            #expect(actual[file] == expected, "\(name)/\(file) differs (LISTWASH_UPDATE_GOLDEN=1 rewrites it)")
        }
        let status = (try? String(contentsOfFile: source + "/expstatus", encoding: .utf8)) ?? "0\n"
        #expect(actual["expstatus"] == status, "\(name): exit status")
        for (n, text) in written {
            let expected = try String(contentsOfFile: expectedFiles + "/" + n, encoding: .utf8)
            if n.hasSuffix(".html") {
                #expect(HTMLStructure(text) == HTMLStructure(expected), "\(name)/expfiles/\(n): structure differs")
            } else {
                #expect(text == expected, "\(name)/expfiles/\(n) differs")
            }
        }
    }
}

/// What a golden test compares of an HTML report: the section ids, the headings and the summary
/// numbers, in order, not the markup around them.
struct HTMLStructure: Equatable, CustomStringConvertible {
    var items: [String] = []

    init(_ html: String) {
        let patterns = [#"<section id="([^"]+)""#, #"<h2>([^<]+)</h2>"#, #"data-key="([^"]+)">([^<]*)<"#]
        var found: [(Int, String)] = []
        for p in patterns {
            let re = try! NSRegularExpression(pattern: p)
            for m in re.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let groups = (1..<m.numberOfRanges).compactMap { Range(m.range(at: $0), in: html).map { String(html[$0]) } }
                found.append((m.range.location, groups.joined(separator: "=")))
            }
        }
        items = found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    var description: String { items.joined(separator: " | ") }
}
