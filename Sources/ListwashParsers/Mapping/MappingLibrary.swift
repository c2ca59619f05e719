import Foundation
import ListwashCore
#if canImport(Glibc)
import Glibc
#endif

/// The CSV mapping presets of a `rules/mappings/` folder, and the choice of one for a header.
public struct MappingLibrary: Sendable {
    /// The presets, sorted by name; `generic` among them.
    public var presets: [MappingPreset]

    public init(presets: [MappingPreset]) { self.presets = presets.sorted { $0.name < $1.name } }

    /// Loads every `*.yaml`/`*.yml` CSV preset in `directory` (XML presets are skipped).
    public static func load(directory: String) throws(Diagnostic) -> MappingLibrary {
        guard let dir = opendir(directory) else {
            throw Diagnostic(at: nil, "cannot open the mapping presets folder '\(directory)'", code: "mapping_unreadable")
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(name) }
        }
        closedir(dir)
        var presets: [MappingPreset] = []
        for n in names.sorted() {
            if let p = try MappingPreset.load(path: directory + "/" + n) { presets.append(p) }
        }
        return MappingLibrary(presets: presets)
    }

    /// The presets shipped in the rules folder (``RulesDirectory/locate(environment:)``), read
    /// once per process and folder (a run over many files reads the YAML once).
    public static func shipped() throws(Diagnostic) -> MappingLibrary {
        guard let rules = RulesDirectory.locate() else {
            throw Diagnostic(at: nil, "cannot find the rules folder holding mappings/", code: "rules_missing",
                             fix: "set LISTWASH_RULES to the folder that holds mappings/")
        }
        let dir = rules + "/mappings"
        if let cached = cache.get(dir) { return cached }
        let library = try load(directory: dir)
        cache.set(dir, library)
        return library
    }

    private static let cache = LibraryCache()



    public func preset(named name: String) -> MappingPreset? { presets.first { $0.name == name } }

    /// The preset whose distinctive headers best match `headerKeys` (comparison keys), with how
    /// many matched; `generic` (or nil if absent) when none reaches its `detect_min`.
    /// Ties go to the preset with the larger share of its signature present, then by name.
    public func detect(headerKeys: [String]) -> MappingPreset? {
        let present = Set(headerKeys)
        var best: (preset: MappingPreset, hits: Int, share: Double)?
        for p in presets where !p.detect.isEmpty {
            let hits = p.detect.filter(present.contains).count
            guard hits >= p.detectMin else { continue }
            let share = Double(hits) / Double(p.detect.count)
            if let b = best, (b.hits, b.share) >= (hits, share) { continue }
            best = (p, hits, share)
        }
        return best?.preset ?? preset(named: "generic")
    }

    /// The preset `nameOrPath` names: a preset name, or a file path (has a `/` or a YAML extension).
    public func resolve(_ nameOrPath: String, baseDirectory: String = ".") throws(Diagnostic) -> MappingPreset {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            let path = nameOrPath.hasPrefix("/") || baseDirectory == "." ? nameOrPath : baseDirectory + "/" + nameOrPath
            guard let p = try MappingPreset.load(path: path) else {
                throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "'\(nameOrPath)' is not a CSV mapping (it needs 'format: csv')", code: "mapping_invalid")
            }
            return p
        }
        if let p = preset(named: nameOrPath) { return p }
        let names = presets.map(\.name)
        throw Diagnostic(at: nil, "unknown mapping preset '\(nameOrPath)'", code: "mapping_unknown",
                         notes: ["CSV presets: \(names.joined(separator: ", "))"],
                         fix: nearest(nameOrPath, in: names).map { "did you mean '\($0)'?" } ?? "use one of the presets above, or a mapping file path")
    }
}

/// Loaded libraries by folder, shared by every source of the process.
private final class LibraryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var byDirectory: [String: MappingLibrary] = [:]

    func get(_ dir: String) -> MappingLibrary? {
        lock.lock()
        defer { lock.unlock() }
        return byDirectory[dir]
    }

    func set(_ dir: String, _ library: MappingLibrary) {
        lock.lock()
        defer { lock.unlock() }
        byDirectory[dir] = library
    }
}
