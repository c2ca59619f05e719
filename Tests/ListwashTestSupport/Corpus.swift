import Foundation

/// Locates ../shared/corpus (the public conformance suites) at test time. The corpus is never
/// copied into the repository. When `LISTWASH_REQUIRE_CORPUS=1` (set by the conformance script
/// and CI), a missing corpus is a failure, not a skip.
public enum Corpus {
    /// The corpus root: `$LISTWASH_CORPUS`, else `../shared/corpus` beside the package.
    public static var root: String? {
        let env = ProcessInfo.processInfo.environment
        if let p = env["LISTWASH_CORPUS"], FileManager.default.fileExists(atPath: p) { return p }
        let p = PackagePaths.root + "/../shared/corpus"
        return FileManager.default.fileExists(atPath: p) ? (p as NSString).standardizingPath : nil
    }

    /// Whether a missing corpus must fail the run.
    public static var isRequired: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["LISTWASH_REQUIRE_CORPUS"] == "1" || env["CI"] == "true"
    }

    /// The folder `sub` of the corpus, or nil when absent (and not required).
    public static func directory(_ sub: String) throws -> String? {
        guard let root else {
            if isRequired { throw CorpusMissing(what: "../shared/corpus (set LISTWASH_CORPUS)") }
            return nil
        }
        let p = root + "/" + sub
        guard FileManager.default.fileExists(atPath: p) else {
            if isRequired { throw CorpusMissing(what: p) }
            return nil
        }
        return p
    }
}

/// The corpus is required (CI, conformance script) and not there.
public struct CorpusMissing: Error, CustomStringConvertible {
    public var what: String
    public var description: String { "conformance corpus missing: \(what)" }
}

/// Paths inside the package, found from this source file's location.
public enum PackagePaths {
    /// The package root (the folder holding Package.swift).
    public static var root: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// The built `listwash` executable of this test run.
    public static var executable: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["LISTWASH_BIN"] { return p }
        // The test bundle lives next to the executable in .build/<config>/.
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("listwash").path
        if FileManager.default.isExecutableFile(atPath: bundle) { return bundle }
        for config in ["debug", "release"] {
            let p = root + "/.build/\(config)/listwash"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root + "/.build/debug/listwash"
    }

    /// A fixture file under `Tests/<target>/Fixtures/`.
    public static func fixture(_ target: String, _ relative: String) -> String {
        root + "/Tests/\(target)/Fixtures/\(relative)"
    }
}
