import ListwashCore
import Yams

/// A CSV mapping preset: a file in `rules/mappings/` with `format: csv`.
///
/// ```yaml
/// name: google-contacts
/// format: csv
/// summary: Google Contacts export (Google CSV), new and legacy headers
/// detect: [E-mail 1 - Value, Given Name, Group Membership, Labels]   # distinctive headers
/// detect_min: 2                      # how many must be present (default: 2, or 1 if only one)
/// extends: generic                   # also try generic's synonyms (default; `none` to opt out)
/// columns:
///   email: [E-mail 1 - Value, E-mail 2 - Value]     # candidates in priority order
///   full_name: Name
///   tags: [Labels, Group Membership]
/// tag_separators: [" ::: "]
/// system_tags: {marker: "* ", drop: [myContacts, starred]}   # see SystemTags
/// ```
/// Header names compare by ``HeaderName/key(_:)``. Files with another `format` (XML presets)
/// are not CSV presets and are skipped.
public struct MappingPreset: Sendable {
    public var name: String
    public var summary: String?
    /// The file it was read from.
    public var path: String
    /// Distinctive headers (comparison keys) that identify the export.
    public var detect: [String]
    public var detectMin: Int
    /// Whether generic's synonyms are tried after this preset's own.
    public var extendsGeneric: Bool
    /// Candidate header keys per target, in priority order.
    public var columns: [(target: MappingTarget, headers: [String])]
    public var tagSeparators: [String]?
    /// The exporter's own groups among the tags (``SystemTags``).
    public var systemTags: SystemTags?

    public init(name: String, path: String = "", detect: [String] = [], detectMin: Int = 1, extendsGeneric: Bool = false,
                columns: [(target: MappingTarget, headers: [String])], tagSeparators: [String]? = nil) {
        self.name = name
        self.path = path
        self.detect = detect
        self.detectMin = detectMin
        self.extendsGeneric = extendsGeneric
        self.columns = columns
        self.tagSeparators = tagSeparators
    }

    /// Reads the preset in `path`; nil when the file is not a CSV preset (`format` is not `csv`).
    public static func load(path: String) throws(Diagnostic) -> MappingPreset? {
        let text: String
        do { text = String(decoding: try ByteInput(path: path).readAll(), as: UTF8.self) }
        catch { throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "cannot read mapping: \(error.message)", code: "mapping_unreadable") }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "the mapping file is empty", code: "mapping_invalid") }
            root = n
            if let d = YAMLExpansion.problem(n, file: path) { throw d }
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "the mapping file is not valid YAML: \(error)", code: "mapping_invalid")
        }
        func at(_ n: Node?) -> SourcePosition {
            SourcePosition(file: path, line: n?.mark?.line ?? 1, column: n?.mark?.column ?? 1)  // Yams marks are 1-based
        }
        guard let map = root.mapping else { throw Diagnostic(at: at(root), "a mapping file is a YAML mapping (name, format, columns)", code: "mapping_invalid") }
        guard map["format"]?.string?.lowercased() == "csv" else { return nil }
        func strings(_ n: Node?, _ key: String) throws(Diagnostic) -> [String] {
            guard let n else { return [] }
            if let s = n.scalar?.string { return [s] }
            guard let seq = n.sequence else { throw Diagnostic(at: at(n), "'\(key)' must be a header name or a list of them", code: "mapping_invalid") }
            var out: [String] = []
            for item in seq {
                guard let s = item.scalar?.string else { throw Diagnostic(at: at(item), "'\(key)' items must be header names", code: "mapping_invalid") }
                out.append(s)
            }
            return out
        }
        let known: Set<String> = ["name", "format", "summary", "detect", "detect_min", "extends", "columns", "tag_separators", "system_tags"]
        for (k, _) in map {
            guard let key = k.string, known.contains(key) else {
                throw Diagnostic(at: at(k), "unknown key '\(k.string ?? "?")' in mapping preset", code: "unknown_key",
                                 fix: "known keys: \(known.sorted().joined(separator: ", "))")
            }
        }
        let fileName = String(path.split(separator: "/").last ?? "").replacingSuffix(".yaml").replacingSuffix(".yml")
        let name = map["name"]?.string ?? fileName
        var columns: [(target: MappingTarget, headers: [String])] = []
        if let cols = map["columns"] {
            guard let m = cols.mapping else { throw Diagnostic(at: at(cols), "'columns' must map targets to header names", code: "mapping_invalid") }
            for (k, v) in m {
                guard let tname = k.string, let target = MappingTarget(name: tname) else {
                    throw Diagnostic(at: at(k), "unknown mapping target '\(k.string ?? "?")'", code: "mapping_invalid", fix: "targets: \(MappingTarget.knownNames)")
                }
                columns.append((target, try strings(v, "columns.\(tname)").map(HeaderName.key)))
            }
        }
        let detect = try strings(map["detect"], "detect").map(HeaderName.key)
        var detectMin = min(2, detect.count)
        if let n = map["detect_min"] {
            guard let v = n.int, v >= 1 else { throw Diagnostic(at: at(n), "'detect_min' must be a positive number", code: "mapping_invalid") }
            detectMin = v
        }
        let extends = map["extends"]?.string ?? "generic"
        let separators = map["tag_separators"] == nil ? nil : try strings(map["tag_separators"], "tag_separators")
        var preset = MappingPreset(name: name, path: path, detect: detect, detectMin: detectMin,
                                   extendsGeneric: extends != "none" && name != "generic", columns: columns, tagSeparators: separators)
        preset.summary = map["summary"]?.string
        if let n = map["system_tags"] {
            guard let m = n.mapping, let marker = m["marker"]?.string, !marker.isEmpty else {
                throw Diagnostic(at: at(n), "'system_tags' must be a mapping with a non-empty 'marker' and a 'drop' list", code: "mapping_invalid",
                                 fix: "write 'system_tags: {marker: \"* \", drop: [myContacts, starred]}'")
            }
            for (k, _) in m where !["marker", "drop"].contains(k.string ?? "") {
                throw Diagnostic(at: at(k), "unknown key '\(k.string ?? "?")' in 'system_tags'", code: "unknown_key", fix: "known keys: drop, marker")
            }
            preset.systemTags = SystemTags(marker: marker, drop: try strings(m["drop"], "system_tags.drop"))
        }
        return preset
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
