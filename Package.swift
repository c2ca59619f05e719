// swift-tools-version: 6.0
// listwash: contact exports in, validated ActiveCampaign bulk-import batches out.
// Layout and dependency direction: ../shared/DESIGN.md §7 (listwash → CLI → Pipeline →
// {Parsers, Stages, Import, Sandbox} → Core). Core depends on Foundation alone.
import Foundation
import PackageDescription

// Profile-guided optimization of the release build (Benchmarks/pgo.sh, docs/performance.md).
// LISTWASH_PGO=generate builds a binary that counts its branches and calls; the profile it
// leaves, merged into Benchmarks/pgo/listwash.profdata, then guides every release build of
// listwash's own modules (inlining, block layout). LISTWASH_PGO=off builds without it.
// LLVM-level flags (-ir-profile-*), not Swift's -profile-use: that one crashes swiftc 6.3.1
// (an assertion in the SIL inliner's ColdBlockInfo) on this package.
let pgoMode = Context.environment["LISTWASH_PGO"] ?? ""
let pgoProfile = Context.packageDirectory + "/Benchmarks/pgo/listwash.profdata"
let pgoSettings: [SwiftSetting] = {
    if pgoMode == "generate" { return [.unsafeFlags(["-Xfrontend", "-ir-profile-generate"], .when(configuration: .release))] }
    guard pgoMode != "off", FileManager.default.fileExists(atPath: pgoProfile) else { return [] }
    return [.unsafeFlags(["-Xfrontend", "-ir-profile-use=" + pgoProfile], .when(configuration: .release))]
}()
// Release builds of listwash's own modules leave out the run-time exclusivity checks
// (`swift_beginAccess`, 7.5 calls per record, about 2 % of `listwash run`'s instructions).
// Debug builds, which every test runs, keep them, so an overlapping access still fails a test;
// LISTWASH_EXCLUSIVITY=checked keeps them in a release build too (the sanitized fuzz build).
let exclusivityChecked = Context.environment["LISTWASH_EXCLUSIVITY"] == "checked"
let releaseSettings: [SwiftSetting] = pgoSettings
    + (exclusivityChecked ? [] : [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))])
let pgoLinkerSettings: [LinkerSetting] = pgoMode == "generate" ? [.unsafeFlags(["-profile-generate"], .when(configuration: .release))] : []
// The `listwash` executable allocates with mimalloc (Debian's libmimalloc-dev; its shared
// library, linked before the C library's, takes over malloc and free). `listwash run` makes
// records on one thread and frees what the other thread added to them: with glibc's malloc it
// took 6 % more wall time, 5 % more CPU and 8 MiB more memory on the 1M-row benchmark
// (docs/performance.md, fourteenth round). LISTWASH_MALLOC=system links the C library's.
let mallocLinkerSettings: [LinkerSetting] = Context.environment["LISTWASH_MALLOC"] == "system" ? [] : [.linkedLibrary("mimalloc")]

let package = Package(
    name: "listwash",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "listwash", targets: ["listwash"]),
        .executable(name: "listwash-fuzz", targets: ["listwash-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: executable
        .executableTarget(name: "listwash", dependencies: ["ListwashCLI"], swiftSettings: releaseSettings,
                          linkerSettings: pgoLinkerSettings + mallocLinkerSettings),

        // Fuzz driver: libFuzzer when linked with -sanitize=fuzzer (scripts/fuzz.sh), else a seeded
        // mutation loop (CI's short run). Harnesses for every parser and normalizer.
        .executableTarget(name: "listwash-fuzz", dependencies: [
            "ListwashParsers", "ListwashStages", "ListwashPipeline", "ListwashCore", "CFuzzSupport",
        ]),
        .target(name: "CFuzzSupport"),

        // MARK: libraries
        .target(name: "ListwashCLI", dependencies: [
            "ListwashPipeline", "ListwashParsers", "ListwashStages", "ListwashImport", "ListwashSandbox", "ListwashCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: releaseSettings),
        .target(name: "ListwashPipeline", dependencies: [
            "ListwashParsers", "ListwashStages", "ListwashImport", "ListwashCore",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: releaseSettings),
        .target(name: "ListwashParsers", dependencies: [
            "ListwashCore", "CLibXML2",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: releaseSettings),
        .target(name: "ListwashStages", dependencies: [
            "ListwashCore", "CPhoneNumber", "CIDN2", "CMemory",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: releaseSettings),
        .target(name: "ListwashImport", dependencies: [
            "ListwashCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: releaseSettings),
        .target(name: "ListwashSandbox", dependencies: [
            "ListwashCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "ListwashCore", dependencies: ["CMemory"], swiftSettings: releaseSettings),

        // MARK: system libraries and shims
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CIDN2", pkgConfig: "libidn2", providers: [.apt(["libidn2-dev"])]),
        // The processor's prefetch instruction: hash-table slots and records asked for ahead.
        .target(name: "CMemory"),
        // C API over libphonenumber's C++ (Swift's C++ interop crashes on its protobuf headers: PLATFORM.md §2).
        .target(name: "CPhoneNumber", linkerSettings: [.linkedLibrary("phonenumber")]),

        // MARK: tests
        .target(name: "ListwashTestSupport", dependencies: ["ListwashCore"], path: "Tests/ListwashTestSupport"),
        .testTarget(name: "ListwashCoreTests", dependencies: [
            "ListwashCore", "ListwashTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ListwashParsersTests", dependencies: [
            "ListwashParsers", "ListwashCore", "ListwashTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ListwashStagesTests", dependencies: [
            "ListwashStages", "ListwashCore", "ListwashTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ListwashImportTests", dependencies: [
            "ListwashImport", "ListwashSandbox", "ListwashCore", "ListwashTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ListwashPipelineTests", dependencies: [
            "ListwashPipeline", "ListwashCore", "ListwashTestSupport",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ListwashCLITests", dependencies: [
            "ListwashCLI", "ListwashCore", "ListwashTestSupport", "listwash",
        ], exclude: ["Fixtures", "Golden"]),
    ],
    cxxLanguageStandard: .cxx17
)
