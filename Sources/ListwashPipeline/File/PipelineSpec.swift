import ListwashCore

/// The raw pipeline: the top-level blocks of a file, checked for shape only (`version`, known
/// keys, `inputs` a list). Stage blocks stay ``SettingNode``s until ``Pipeline/resolve(_:environment:)``
/// hands them to their stages (parse raw, then resolve: STYLE §1).
public struct PipelineSpec: Sendable {
    /// The top-level keys of a pipeline file, in the order a file usually has them.
    public static let keys = ["version", "name", "inputs", "normalize", "dedupe", "exclude", "batch", "submit", "audit"]
    /// The highest `version:` this build reads.
    public static let highestVersion = 1

    public var file: PipelineFile
    public var version: Int?
    public var name: String?
    /// One node per `inputs:` entry.
    public var inputs: [SettingNode] = []
    /// The stage and audit blocks as written, by top-level key; absent blocks are missing.
    public var blocks: [String: SettingNode] = [:]
    /// Where each top-level key was written.
    public var keyPositions: [String: SourcePosition] = [:]

    /// Reads the top level of `file`; every problem found goes to `problems`.
    public init(_ file: PipelineFile, problems: inout [Diagnostic]) {
        self.file = file
        let start = SourcePosition(file: file.path, line: 1, column: 1)
        guard let members = file.root.members else {
            problems.append(Diagnostic(at: file.root.position ?? start, "a pipeline file is a mapping of keys, found \(file.root.kindName)",
                                       code: "wrong_type", fix: "start with 'version: 1' and an 'inputs:' list"))
            return
        }
        for m in members {
            keyPositions[m.key] = m.keyPosition
            switch m.key {
            case "version":
                if let s = m.node.scalar, let v = Int(s) {
                    version = v
                    if v < 1 || v > Self.highestVersion {
                        problems.append(Diagnostic(at: m.node.position, "unsupported pipeline version '\(s)'", code: "version_unsupported",
                                                   notes: ["this listwash reads version 1 to \(Self.highestVersion)"], fix: "write 'version: 1'"))
                    }
                } else {
                    problems.append(Diagnostic(at: m.node.position, WholeNumberProblem.message("version", found: m.node.scalar ?? m.node.kindName),
                                               code: "wrong_type", fix: "write 'version: 1'"))
                }
            case "name":
                if let s = m.node.scalar { name = s } else {
                    problems.append(Diagnostic(at: m.node.position, "'name' must be a value, found \(m.node.kindName)", code: "wrong_type"))
                }
            case "inputs":
                if let l = m.node.list {
                    inputs = l
                    if l.isEmpty {
                        problems.append(Diagnostic(at: m.node.position, "'inputs' is empty", code: "missing_input",
                                                   fix: "list at least one input: '- path: data/contacts.csv'"))
                    }
                } else {
                    problems.append(Diagnostic(at: m.node.position, "'inputs' must be a list of inputs, found \(m.node.kindName)", code: "wrong_type",
                                               fix: "write each input as '- path: data/contacts.csv'"))
                }
            case "normalize", "dedupe", "exclude", "batch", "submit", "audit":
                blocks[m.key] = m.node
            default:
                problems.append(Diagnostic(at: m.keyPosition ?? m.node.position, "unknown key '\(m.key)' in the pipeline file", code: "unknown_key",
                                           notes: ["known keys: \(Self.keys.sorted().joined(separator: ", "))"],
                                           fix: nearest(m.key, in: Self.keys).map { "did you mean '\($0)'?" }))
            }
        }
        if version == nil && keyPositions["version"] == nil {
            problems.append(Diagnostic(at: start, "the pipeline file has no 'version'", code: "version_missing", fix: "add 'version: 1' as the first line"))
        }
        if keyPositions["inputs"] == nil {
            problems.append(Diagnostic(at: start, "the pipeline file has no 'inputs'", code: "missing_input",
                                       fix: "add an 'inputs:' list, e.g. '- path: data/contacts.csv'"))
        }
    }
}
