import ListwashCore

/// Settings of `listwash parse` and of one `inputs:` entry of a pipeline file.
public struct ParseSettings: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, vcard, xml }

    /// Forced format; nil = by extension, then by content.
    public var format: Format?
    /// A preset name in `rules/mappings/` or a mapping file path; nil = chosen from the header/root.
    public var mapping: String?
    /// Forced encoding (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`, `iso-8859-1`, `macintosh`...); nil = detected.
    public var encoding: String?
    /// Forced CSV delimiter; nil = sniffed among `,` `;` TAB `|`.
    public var delimiter: Character?
    /// Inline column mapping: contact property (or `_extra` name) → source column / XML path.
    public var columns: [KeyValue] = []
    /// XML: the path of record elements.
    public var record: String?
    /// XML: namespace prefixes used in paths (`gd` → URI).
    public var namespaces: [KeyValue] = []
    /// vCard: one record per email address instead of one per card.
    public var allEmails = false
    /// Tag separators for a tags column (CSV).
    public var tagSeparators: [String]?
    /// CSV: read an unquoted `NULL` as a missing value. Off by default: NULL, Null and NA are
    /// also people's names, and a dropped name is data lost without a word.
    public var nullAsMissing = false

    public init() {}

    public static let spec = StageSpec(
        name: "parse",
        summary: "Read CSV, vCard and XML contact exports into records with provenance.",
        settings: [
            SettingSpec("format", kind: .choice(Format.allCases.map(\.rawValue)), default: "by extension, then content",
                        summary: "The input format."),
            SettingSpec("mapping", kind: .string, default: "chosen from the header or root element",
                        summary: "A mapping preset in rules/mappings/ (generic, google-contacts, outlook, hubspot, mailchimp, shopify, linkedin, salesforce, xcard, ...) or a mapping file.",
                        expandsEnvironment: true),
            SettingSpec("encoding", kind: .string, default: "detected (UTF-8, UTF-16 by BOM, else Windows-1252 or Mac OS Roman, whichever reads better)",
                        summary: "The input encoding: utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15, macintosh (Mac OS Roman)."),
            SettingSpec("delimiter", kind: .string, default: "sniffed among , ; TAB |",
                        summary: "CSV field delimiter (one character; 'tab' for TAB)."),
            SettingSpec("columns", flag: "column", kind: .stringList,
                        summary: "Column mapping as NAME=SOURCE (flag, repeatable) or a mapping {email: 'E-mail', ...} in a pipeline file; for XML, SOURCE is a path."),
            SettingSpec("record", kind: .string, summary: "XML: the path of the record elements, e.g. /feed/entry."),
            SettingSpec("namespaces", flag: "namespace", kind: .stringList,
                        summary: "XML: namespace prefixes used in paths as PREFIX=URI (flag, repeatable) or a mapping."),
            SettingSpec("all_emails", kind: .boolean, default: "false",
                        summary: "vCard: one record per email address (sharing the card's other fields) instead of one per card."),
            SettingSpec("tag_separators", flag: "tag-separator", kind: .stringList, default: "; and ,",
                        summary: "Separators that split a tags column."),
            SettingSpec("null_as_missing", kind: .boolean, default: "false",
                        summary: "CSV: read an unquoted NULL (database exports) as a missing value; a quoted \"NULL\" stays text. Off by default because Null is also a name."),
        ],
        example: """
        inputs:
          - path: data/crm_export.csv
            mapping: hubspot
          - path: data/export.xml
            format: xml
            record: /contacts/contact
            columns: {email: "email/@address", first_name: givenName}
        """)

    /// Reads settings from a pipeline `inputs:` entry or from flags (keys other than `path`).
    public init(settings node: SettingNode) throws(DiagnosticList) {
        var r = SettingsReader(node, spec: ParseSettings.spec)
        _ = r.node("path")  // the input path itself is read by the caller
        if let f = r.choice("format") { format = Format(rawValue: f) }
        mapping = r.string("mapping")
        if let e = r.string("encoding") {
            if TextEncodingName.canonical(e) == nil {
                r.problem("unknown encoding '\(e)'", at: r.node("encoding"), code: "invalid_choice",
                          fix: "use one of: \(TextEncodingName.known.joined(separator: ", "))")
            } else {
                encoding = TextEncodingName.canonical(e)
            }
        }
        if let d = r.string("delimiter") {
            switch d.lowercased() {
            case "tab", "\\t", "\t": delimiter = "\t"
            default:
                if d.count == 1, let c = d.first { delimiter = c } else {
                    r.problem("'delimiter' must be one character (or 'tab'), found '\(d)'", at: r.node("delimiter"))
                }
            }
        }
        columns = Self.pairs(&r, "columns")
        record = r.string("record")
        namespaces = Self.pairs(&r, "namespaces")
        allEmails = r.bool("all_emails") ?? false
        tagSeparators = r.strings("tag_separators")
        nullAsMissing = r.bool("null_as_missing") ?? false
        try r.finish()
    }

    /// `NAME=VALUE` items (flags) or a mapping (pipeline file).
    private static func pairs(_ r: inout SettingsReader, _ path: String) -> [KeyValue] {
        guard let n = r.node(path) else { return [] }
        if let members = n.members {
            return members.compactMap { m in
                guard let v = m.node.scalar else { r.problem("'\(path).\(m.key)' must be a value", at: m.node, code: "wrong_type"); return nil }
                return KeyValue(m.key, v)
            }
        }
        let items = n.scalar != nil ? [n] : (n.list ?? [])
        return items.compactMap { item in
            guard let s = item.scalar, let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                r.problem("'\(path)' items are NAME=VALUE, found '\(item.scalar ?? item.kindName)'", at: item, code: "wrong_type")
                return nil
            }
            return KeyValue(String(s[..<eq]), String(s[s.index(after: eq)...]))
        }
    }
}

/// Canonical names of the text encodings listwash reads.
public enum TextEncodingName {
    public static let known = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", "iso-8859-15", "macintosh"]

    public static func canonical(_ name: String) -> String? {
        let n = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        switch n {
        case "utf-8", "utf8": return "utf-8"
        case "utf-16le", "utf16le": return "utf-16le"
        case "utf-16be", "utf16be": return "utf-16be"
        case "windows-1252", "cp1252", "win-1252", "windows1252": return "windows-1252"
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1": return "iso-8859-1"
        case "iso-8859-15", "latin9", "iso8859-15": return "iso-8859-15"
        case "macintosh", "mac", "macroman", "mac-roman", "x-mac-roman", "mac-os-roman": return "macintosh"
        default: return nil
        }
    }
}
