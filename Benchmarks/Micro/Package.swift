// swift-tools-version: 6.1
// Micro-benchmarks of listwash's hot paths (issue #9), with ordo-one/benchmark.
//
// A separate package so that the main package (and its CI build) never compiles the benchmark
// harness. The root package exports executables only, no library products, so a path
// dependency on `../..` could not name ListwashCore & co.; instead `Mirror/` holds symlinks to
// the root's `Sources/<Target>` folders and the targets below rebuild those same sources.
// Keep their dependencies in step with the root Package.swift (only the libraries benchmarked
// here, and what they need).
//
// Run: Benchmarks/micro.sh (or `swift package --package-path Benchmarks/Micro benchmark`).
import PackageDescription

let package = Package(
    name: "listwash-micro",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: the benchmarks (the plugin finds them under Benchmarks/<target>)
        .executableTarget(
            name: "ListwashMicro",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                "ListwashCore", "ListwashParsers", "ListwashStages", "ListwashImport",
            ],
            path: "Benchmarks/ListwashMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: listwash's libraries, from the root's Sources/ (symlinks in Mirror/)
        .target(name: "ListwashCore", path: "Mirror/ListwashCore"),
        .target(name: "ListwashParsers", dependencies: [
            "ListwashCore", "CLibXML2",
            .product(name: "Yams", package: "Yams"),
        ], path: "Mirror/ListwashParsers"),
        .target(name: "ListwashStages", dependencies: [
            "ListwashCore", "CPhoneNumber", "CIDN2",
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Mirror/ListwashStages"),
        .target(name: "ListwashImport", dependencies: [
            "ListwashCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Mirror/ListwashImport"),
        .systemLibrary(name: "CLibXML2", path: "Mirror/CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "CIDN2", path: "Mirror/CIDN2", pkgConfig: "libidn2"),
        .target(name: "CPhoneNumber", path: "Mirror/CPhoneNumber", linkerSettings: [.linkedLibrary("phonenumber")]),
    ],
    cxxLanguageStandard: .cxx17
)
