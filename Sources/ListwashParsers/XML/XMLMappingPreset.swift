#if canImport(Glibc)
import Glibc
#endif
import ListwashCore
import Yams

/// An XML mapping preset: a YAML file in `rules/mappings/` with `format: xml`.
///
/// ```yaml
/// format: xml
/// name: gdata-contacts
/// summary: Google Contacts API (GData Atom feed) export
/// detect:                        # any rule that matches picks this preset
///   - root: feed                 # root element local name
///     namespace: http://schemas.google.com/g/2005   # the root's namespace or one declared on it
/// namespaces: {atom: http://www.w3.org/2005/Atom, gd: http://schemas.google.com/g/2005}
/// record: /atom:feed/atom:entry
/// columns:
///   email: "gd:email[@primary='true']/@address | gd:email/@address"
/// ```
/// A namespace may be a list of URIs (`wp: [http://wordpress.org/export/1.2/, ...]`).
/// Files with another `format` (the CSV presets) are skipped.
public struct XMLMappingPreset: Sendable {
    public var name: String
    public var summary: String
    public var detect: [DetectRule]
    public var mapping: XMLMapping
    public var file: String

    /// A detection rule: the root element's local name and/or a namespace URI that is the root's
    /// namespace or declared on the root element. Both given: both must hold.
    public struct DetectRule: Sendable {
        public var root: String?
        public var namespace: String?

        /// How specific the rule is: root and namespace beat namespace alone beat root alone.
        var weight: Int { (namespace != nil ? 2 : 0) + (root != nil ? 1 : 0) }

        func matches(_ r: XMLMapping.RootElement) -> Bool {
            if let root, root != r.localName { return false }
            if let namespace, r.namespace != namespace, !r.declarations.contains(where: { $0.uri == namespace }) { return false }
            return root != nil || namespace != nil
        }

        var explanation: String {
            var parts: [String] = []
            if let root { parts.append("root element '\(root)'") }
            if let namespace { parts.append("namespace '\(namespace)'") }
            return parts.joined(separator: ", ")
        }
    }

    /// The folder holding the presets: `rules/mappings` of the located rules directory.
    public static var directory: String? { RulesDirectory.locate().map { $0 + "/mappings" } }

    /// Every XML preset in `directory`, sorted by name.
    public static func loadAll(directory: String? = XMLMappingPreset.directory) throws(Diagnostic) -> [XMLMappingPreset] {
        guard let directory else { return [] }
        var out: [XMLMappingPreset] = []
        for file in yamlFiles(in: directory) {
            if let p = try load(file: file) { out.append(p) }
        }
        return out.sorted { $0.name < $1.name }
    }

    /// The preset named `nameOrPath` (a preset name, or a path to a mapping file).
    static func load(named nameOrPath: String, presets: () throws(Diagnostic) -> [XMLMappingPreset]) throws(Diagnostic) -> XMLMappingPreset {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard let p = try load(file: nameOrPath) else {
                throw Diagnostic(at: SourcePosition(file: nameOrPath, line: 1, column: 1), "mapping file '\(nameOrPath)' is not an XML mapping (format: xml)",
                                 code: "xml_mapping_unknown", fix: "add 'format: xml' and 'record:' to the file")
            }
            return p
        }
        let all = try presets()
        if let p = all.first(where: { $0.name == nameOrPath }) { return p }
        let names = all.map(\.name)
        var fix = "use one of: \(names.joined(separator: ", "))"
        if let near = nearest(nameOrPath, in: names) { fix = "did you mean '\(near)'? " + fix }
        throw Diagnostic(at: nil, "unknown XML mapping preset '\(nameOrPath)'", code: "xml_mapping_unknown", fix: fix)
    }

    /// The most specific preset whose rules match `root`, and why.
    static func detect(root: XMLMapping.RootElement, in presets: [XMLMappingPreset]) -> (preset: XMLMappingPreset, why: String)? {
        var best: (preset: XMLMappingPreset, rule: DetectRule)?
        for p in presets {
            for rule in p.detect where rule.matches(root) {
                if best == nil || rule.weight > best!.rule.weight { best = (p, rule) }
            }
        }
        return best.map { ($0.preset, $0.rule.explanation) }
    }

    /// Reads one preset file; nil when it is not an XML preset.
    static func load(file: String) throws(Diagnostic) -> XMLMappingPreset? {
        let text: String
        do { text = String(decoding: try ByteInput(path: file).readAll(), as: UTF8.self) }
        catch { throw Diagnostic(at: SourcePosition(file: file, line: 1, column: 1), "cannot read mapping: \(error.message)", code: "xml_mapping_unknown") }
        let root: Node?
        do { root = try Yams.compose(yaml: text) }
        catch { throw Diagnostic(at: SourcePosition(file: file, line: 1, column: 1), "mapping is not valid YAML: \(error)", code: "xml_mapping_invalid") }
        if let root, let d = YAMLExpansion.problem(root, file: file) { throw d }
        guard let top = root?.mapping else { return nil }
        func value(_ key: String) -> Node? { top.first { $0.key.string == key }?.value }
        guard value("format")?.string == "xml" else { return nil }
        func problem(_ node: Node?, _ message: String) -> Diagnostic {
            let pos = node?.mark.map { SourcePosition(file: file, line: $0.line, column: $0.column) } ?? SourcePosition(file: file, line: 1, column: 1)
            return Diagnostic(at: pos, message, code: "xml_mapping_invalid")
        }
        let fileName = String(file.split(separator: "/").last ?? Substring(file))
        let stem = fileName.hasSuffix(".yaml") ? String(fileName.dropLast(5)) : fileName.hasSuffix(".yml") ? String(fileName.dropLast(4)) : fileName
        let name = value("name")?.string ?? stem
        guard let recordNode = value("record"), let recordText = recordNode.string else { throw problem(top.first?.key, "XML mapping has no 'record:' path") }
        let record: XMLPath
        do { record = try XMLMapping.recordPath(recordText, origin: "record") } catch { throw problem(recordNode, error.message) }
        var columns: [XMLMapping.Column] = []
        guard let cols = value("columns")?.mapping else { throw problem(top.first?.key, "XML mapping has no 'columns:' mapping") }
        for (k, v) in cols {
            guard let key = k.string, let path = v.string else { throw problem(k, "each column is NAME: PATH") }
            do { columns.append(try XMLMapping.column(name: key, path: path, origin: "column")) } catch { throw problem(v, error.message) }
        }
        var namespaces: [String: [String]] = [:]
        if let ns = value("namespaces")?.mapping {
            for (k, v) in ns {
                guard let prefix = k.string else { throw problem(k, "a namespace prefix must be a name") }
                if let s = v.string { namespaces[prefix] = [s] }
                else if let seq = v.sequence { namespaces[prefix] = seq.compactMap(\.string) }
                else { throw problem(v, "namespace '\(prefix)' must be a URI or a list of URIs") }
            }
        }
        var rules: [DetectRule] = []
        for item in value("detect")?.sequence ?? [] {
            guard let m = item.mapping else { throw problem(item, "each detect rule is a mapping with root: and/or namespace:") }
            let rule = DetectRule(root: m.first { $0.key.string == "root" }?.value.string,
                                  namespace: m.first { $0.key.string == "namespace" }?.value.string)
            guard rule.root != nil || rule.namespace != nil else { throw problem(item, "a detect rule needs root: or namespace:") }
            rules.append(rule)
        }
        return XMLMappingPreset(name: name, summary: value("summary")?.string ?? "", detect: rules,
                                mapping: XMLMapping(name: name, record: record, columns: columns, namespaces: namespaces), file: file)
    }

    static func yamlFiles(in directory: String) -> [String] {
        guard let d = opendir(directory) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { out.append(directory + "/" + name) }
        }
        return out.sorted()
    }
}
