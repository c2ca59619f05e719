import ListwashCore

/// How to read contacts out of one XML document: which elements are records, which path fills
/// which contact property, and the namespace prefixes those paths use. Comes from a preset in
/// `rules/mappings/` (``XMLMappingPreset``), from `--record`/`--column`/`--namespace`, or both
/// (flags override the preset: see ``XMLMapping/resolve(settings:file:root:)``).
public struct XMLMapping: Sendable {
    /// The preset name, nil for a mapping given only inline.
    public var name: String?
    public var record: XMLPath
    public var columns: [Column]
    /// Prefix → namespace URIs. A prefix may be bound to several URIs (WXR 1.0, 1.1, 1.2 use
    /// different ones); a prefixed step then matches any of them.
    public var namespaces: [String: [String]]

    public init(name: String?, record: XMLPath, columns: [Column], namespaces: [String: [String]]) {
        self.name = name
        self.record = record
        self.columns = columns
        self.namespaces = namespaces
    }

    /// One `NAME: PATH` entry.
    public struct Column: Sendable {
        public var target: Target
        public var path: XMLPath
        public init(target: Target, path: XMLPath) {
            self.target = target
            self.path = path
        }
    }

    /// Where a column's value goes in the record.
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// `email`, `first_name`, `last_name`, `phone`, `customer_acct_name`: first match.
        case property(String)
        /// `full_name` (or `_full_name`): a whole name for normalize to split.
        case fullName
        /// `tags`: every match is one tag.
        case tags
        /// `fields.ID`: a custom field by ActiveCampaign id (or name, mapped by normalize).
        case field(String)
        /// Any other name: kept in `_extra` under that name.
        case extra(String)

        /// The target for a column name as a user writes it.
        public init?(name: String) {
            switch name {
            case _ where ContactRecord.stringPropertyNames.contains(name): self = .property(name)
            case "full_name", "_full_name": self = .fullName
            case "tags", "tag": self = .tags
            case _ where name.hasPrefix("fields.") && name.count > 7: self = .field(String(name.dropFirst(7)))
            case _ where name.hasPrefix("_") || name.isEmpty: return nil
            default: self = .extra(name)
            }
        }

        public var description: String {
            switch self {
            case .property(let p): return p
            case .fullName: return "full_name"
            case .tags: return "tags"
            case .field(let f): return "fields.\(f)"
            case .extra(let e): return e
            }
        }
    }

    /// The column path, parsed, or a diagnostic naming where it came from.
    static func column(name: String, path: String, origin: String) throws(Diagnostic) -> Column {
        guard let target = Target(name: name) else {
            throw Diagnostic(at: nil, "\(origin): column name '\(name)' is not allowed (names starting with '_' are listwash's own)",
                             code: "xml_path_invalid", fix: "use a contact property (email, first_name, last_name, phone, customer_acct_name, full_name, tags), fields.ID, or a plain name for _extra")
        }
        do {
            return Column(target: target, path: try XMLPath(parsing: path, kind: .field))
        } catch {
            throw Diagnostic(at: nil, "\(origin): column '\(name)': \(error.description)", code: "xml_path_invalid",
                             fix: "paths are child steps with optional [@attr='value'] and a final /@attr, e.g. \"gd:email[@primary='true']/@address\"")
        }
    }

    static func recordPath(_ text: String, origin: String) throws(Diagnostic) -> XMLPath {
        do {
            return try XMLPath(parsing: text, kind: .record)
        } catch {
            throw Diagnostic(at: nil, "\(origin): record: \(error.description)", code: "xml_path_invalid",
                             fix: "a record path is absolute, e.g. /contacts/contact or //v:vcard")
        }
    }
}

extension XMLMapping {
    /// What the document's root element looks like: enough to pick a preset and to bind the
    /// prefixes a mapping does not declare.
    public struct RootElement: Sendable {
        public var localName: String
        public var namespace: String?
        /// The namespace declarations on the root element, prefix ("" for the default) → URI.
        public var declarations: [(prefix: String, uri: String)]

        public init(localName: String, namespace: String?, declarations: [(prefix: String, uri: String)]) {
            self.localName = localName
            self.namespace = namespace
            self.declarations = declarations
        }
    }

    /// The mapping for one document, and the fact explaining how it was chosen.
    public struct Resolution: Sendable {
        public var mapping: XMLMapping
        /// e.g. `gdata-contacts (detected: root element 'feed', namespace '...')`.
        public var reason: String
    }

    /// Resolves the mapping for a document from the settings and its root element.
    ///
    /// The base is the preset named by `--mapping`, else (unless both `--record` and `--column`
    /// are given) the preset detected from the root element. Then `--record` replaces the record
    /// path, each `--column` replaces the column of that name or adds one, and `--namespace`
    /// binds more prefixes.
    public static func resolve(settings: ParseSettings, file: String, root: RootElement,
                               presets: () throws(Diagnostic) -> [XMLMappingPreset]) throws(Diagnostic) -> Resolution {
        let inlineComplete = settings.record != nil && !settings.columns.isEmpty
        var base: XMLMapping?
        var reason: String
        if let given = settings.mapping {
            let preset = try XMLMappingPreset.load(named: given, presets: presets)
            base = preset.mapping
            reason = "\(preset.name) (given)"
        } else if inlineComplete {
            reason = "inline (--record and --column)"
        } else if let found = try XMLMappingPreset.detect(root: root, in: presets()) {
            base = found.preset.mapping
            reason = "\(found.preset.name) (detected: \(found.why))"
        } else {
            var what = "root element '\(root.localName)'"
            if let ns = root.namespace { what += " in namespace '\(ns)'" }
            let names = ((try? presets()) ?? []).map(\.name).joined(separator: ", ")  // only listed in this error
            throw Diagnostic(at: SourcePosition(file: file, line: 1, column: 1),
                             "no XML mapping preset matches \(what)", code: "xml_mapping_unknown",
                             fix: "name one with --mapping (\(names)), or give --record PATH and --column NAME=PATH")
        }
        var mapping: XMLMapping
        if let base {
            mapping = base
        } else {
            mapping = XMLMapping(name: nil, record: try recordPath(settings.record ?? "", origin: "--record"), columns: [], namespaces: [:])
        }
        if let r = settings.record, base != nil {
            mapping.record = try recordPath(r, origin: "--record")
            reason += ", record from --record"
        }
        for kv in settings.columns {
            let col = try column(name: kv.key, path: kv.value, origin: "--column")
            mapping.columns.removeAll { $0.target == col.target }
            mapping.columns.append(col)
        }
        if base != nil, !settings.columns.isEmpty { reason += ", columns from --column" }
        for kv in settings.namespaces { mapping.namespaces[kv.key, default: []].insert(kv.value, at: 0) }
        if mapping.columns.isEmpty {
            throw Diagnostic(at: nil, "the XML mapping has no columns", code: "xml_mapping_unknown",
                             fix: "give at least one --column NAME=PATH, e.g. --column email=email/@address")
        }
        return Resolution(mapping: mapping, reason: reason)
    }
}
