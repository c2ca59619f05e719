import Foundation
import ListwashCore

/// Checks an input's `mapping:`: a file must exist; a preset name must be in `rules/mappings/`.
enum MappingCheck {
    static func check(_ name: String, at position: SourcePosition?, context: StageContext, problems: inout [Diagnostic]) {
        let lower = name.lowercased()
        let isFile = name.contains("/") || [".yaml", ".yml", ".json", ".csv", ".txt"].contains { lower.hasSuffix($0) }
        if isFile {
            if !fileExists(context.resolve(name)) {
                problems.append(Diagnostic(at: position, "mapping file '\(name)' does not exist", code: "mapping_missing",
                                           fix: "check the path, or name a preset from rules/mappings/"))
            }
            return
        }
        guard let rules = RulesDirectory.locate(environment: context.environment) else {
            problems.append(Diagnostic(.warning, at: position, "cannot check mapping preset '\(name)': no rules folder found", code: "mapping_unchecked",
                                       fix: "set LISTWASH_RULES to the rules folder"))
            return
        }
        let presets = mappingPresets(in: rules + "/mappings")
        if presets.contains(name) { return }
        problems.append(Diagnostic(at: position, "mapping preset '\(name)' does not exist", code: "mapping_unknown",
                                   notes: ["presets: \(presets.joined(separator: ", "))"],
                                   fix: nearest(name, in: presets).map { "did you mean '\($0)'?" } ?? "name a preset from the list, or a mapping file"))
    }

    /// The preset names (file names without extension) in `directory`, sorted.
    static func mappingPresets(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []  // only names for a suggestion
        return Set(names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("README") }.map { n -> String in
            guard let dot = n.lastIndex(of: ".") else { return n }
            return String(n[..<dot])
        }).sorted()
    }
}

func fileExists(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
}

/// The file beside `resolved` whose name is nearest, written the way `written` was, for "did you mean".
func nearbyFile(written: String, resolved: String) -> String? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory(of: resolved)) else { return nil }  // no suggestion
    let name = written.split(separator: "/").last.map(String.init) ?? written
    guard let best = nearest(name, in: names.sorted()), best != name else { return nil }
    guard let slash = written.lastIndex(of: "/") else { return best }
    return String(written[...slash]) + best
}
