/// What a stage is and which settings it takes: feeds `listwash stages explain`, the linter,
/// the command-line flags and the docs from one definition (STYLE §4 "StageSpec").
public struct StageSpec: Sendable {
    public var name: String
    public var summary: String
    public var settings: [SettingSpec]
    /// A YAML example of the stage's block in a pipeline file.
    public var example: String

    public init(name: String, summary: String, settings: [SettingSpec], example: String) {
        self.name = name
        self.summary = summary
        self.settings = settings
        self.example = example
    }

    /// The setting with the YAML key path `path` (`phone.default_region`).
    public func setting(path: String) -> SettingSpec? { settings.first { $0.path == path } }

    /// The setting whose command-line flag is `--flag`.
    public func setting(flag: String) -> SettingSpec? { settings.first { $0.flag == flag } }

    /// Settings text for `--help` and `stages explain`.
    public var settingsHelp: String {
        var lines: [String] = []
        for s in settings {
            var head = "  \(s.path)"
            if let f = s.flag { head += "  (--\(f))" }
            lines.append(head)
            var doc = s.summary
            if case .choice(let options) = s.kind { doc += " One of: \(options.joined(separator: ", "))." }
            if let d = s.defaultText { doc += " Default: \(d)." }
            lines += Self.wrapped(doc, indent: "      ")
        }
        return lines.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` columns, each starting with `indent`. `--help`
    /// wraps a longer line itself, and its continuation lines lost the indent: the summaries
    /// ran into the column of the setting names.
    static func wrapped(_ text: String, indent: String, width: Int = 79) -> [String] {
        // Lengths are kept as the lines grow: every command's help is built when the command
        // line is parsed, and counting each line's characters anew per word cost a millisecond.
        var lines: [String] = []
        var line = indent
        let start = indent.count
        var length = start
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let w = word.count
            if length > start && length + 1 + w > width {
                lines.append(line)
                line = indent
                length = start
            }
            if length > start { line += " "; length += 1 }
            line += word
            length += w
        }
        if length > start || lines.isEmpty { lines.append(line) }
        return lines
    }
}

/// One setting of a stage.
public struct SettingSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case string
        case integer
        case number
        case boolean
        case choice([String])
        case stringList
        case integerList
        /// A structure read by the stage itself (documented in the summary).
        case structured
    }

    /// YAML key path, dot-separated: `phone.default_region`.
    public var path: String
    /// The kebab-case flag without dashes (`default-region`); nil when only a pipeline file can set it.
    public var flag: String?
    public var kind: Kind
    public var defaultText: String?
    public var summary: String
    /// Whether `${VAR}` is expanded from the environment in this setting (documented per setting).
    public var expandsEnvironment: Bool

    public init(_ path: String, flag: String? = nil, kind: Kind, default defaultText: String? = nil,
                summary: String, expandsEnvironment: Bool = false) {
        self.path = path
        self.flag = flag ?? path.split(separator: ".").last.map { String($0.map { $0 == "_" ? "-" : $0 }) }
        self.kind = kind
        self.defaultText = defaultText
        self.summary = summary
        self.expandsEnvironment = expandsEnvironment
    }

    /// A setting with no command-line flag.
    public static func fileOnly(_ path: String, kind: Kind, default d: String? = nil, summary: String) -> SettingSpec {
        var s = SettingSpec(path, kind: kind, default: d, summary: summary)
        s.flag = nil
        return s
    }
}

