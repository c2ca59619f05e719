import ListwashCore
import ListwashParsers
import Yams

/// A pipeline file as written: its text and the YAML tree turned into a ``SettingNode`` tree
/// whose every key and value keeps its line and column (DESIGN §4).
///
/// Parsed with `Yams.compose` rather than `Codable` decoding because decoding loses positions,
/// and the linter must point at the exact key or value at fault.
public struct PipelineFile: Sendable {
    /// The path as given on the command line (used in messages).
    public let path: String
    public let root: SettingNode

    public init(path: String, root: SettingNode) {
        self.path = path
        self.root = root
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(DiagnosticList) -> PipelineFile {
        let bytes: [UInt8]
        do { bytes = try ByteInput(path: path).readAll() } catch {
            throw DiagnosticList([Diagnostic(at: nil, "cannot read pipeline file '\(path)': \(error.message)", code: "file_unreadable")])
        }
        if let encoding = wideEncoding(bytes) {
            throw DiagnosticList([Diagnostic(at: SourcePosition(file: path, line: 1, column: 1),
                                             "the pipeline file is \(encoding) text; listwash reads pipeline files as UTF-8",
                                             code: "file_encoding",
                                             fix: "save it as UTF-8 (e.g. 'iconv -f UTF-16 -t UTF-8 \(path) > pipeline.yaml')")])
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// "UTF-16" or "UTF-32" when `bytes` start with that encoding's byte order mark or, without
    /// one, with a NUL in their first two bytes, as such text starting with an ASCII character
    /// does (a pipeline file starts with a key or a comment); else nil. Read as UTF-8, such a
    /// file failed on its "control characters" and echoed them.
    static func wideEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32" }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16" }
        return bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0) ? "UTF-16" : nil
    }

    /// Parses pipeline YAML text; `path` names it in positions.
    public static func parse(_ text: String, path: String) throws(DiagnosticList) -> PipelineFile {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw DiagnosticList([yamlDiagnostic(error, path: path)])
        }
        guard let node else {
            throw DiagnosticList([Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "the pipeline file is empty",
                                             code: "file_empty", fix: "start with 'version: 1' and an 'inputs:' list")])
        }
        if let d = YAMLExpansion.problem(node, file: path) { throw DiagnosticList([d]) }
        var problems: [Diagnostic] = []
        let root = convert(node, path: path, problems: &problems)
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return PipelineFile(path: path, root: root)
    }

    private static func position(_ mark: Mark?, _ path: String) -> SourcePosition? {
        mark.map { SourcePosition(file: path, line: $0.line, column: $0.column) }
    }

    private static func convert(_ node: Node, path: String, problems: inout [Diagnostic]) -> SettingNode {
        let at = position(node.mark, path)
        switch node {
        case .scalar(let s):
            return SettingNode(.scalar(s.string), at: at)
        case .sequence(let seq):
            return SettingNode(.list(seq.map { convert($0, path: path, problems: &problems) }), at: at)
        case .mapping(let map):
            var members: [(key: String, keyPosition: SourcePosition?, node: SettingNode)] = []
            for (k, v) in map {
                let keyAt = position(k.mark, path)
                guard case .scalar(let key) = k else {
                    problems.append(Diagnostic(at: keyAt, "keys must be plain names, found a \(k.isMapping ? "mapping" : "list")", code: "wrong_type"))
                    continue
                }
                if members.contains(where: { $0.key == key.string }) {
                    problems.append(Diagnostic(at: keyAt, "key '\(key.string)' is written twice", code: "duplicate_key",
                                               fix: "keep one of them"))
                    continue
                }
                members.append((key.string, keyAt, convert(v, path: path, problems: &problems)))
            }
            return SettingNode(.map(members), at: at)
        case .alias:
            problems.append(Diagnostic(at: at, "YAML aliases are not supported in pipeline files", code: "yaml_alias",
                                       fix: "write the value out in full"))
            return SettingNode(.scalar(""), at: at)
        }
    }

    private static func yamlDiagnostic(_ error: any Error, path: String) -> Diagnostic {
        guard let y = error as? YamlError else {
            return Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "not valid YAML: \(error)", code: "yaml_syntax")
        }
        switch y {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            // The commonest cause by far: a tab in the indentation.
            let fix = problem.contains("cannot start any token")
                ? "indent with spaces, not tabs; quote a value that starts with '@', '`' or '%'"
                : "check the indentation and the quotes around this line"
            return Diagnostic(at: position(mark, path), "not valid YAML: \(problem)", code: "yaml_syntax", fix: fix)
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(at: position(context.mark, path), "key '\(duplicates.joined(separator: "', '"))' is written twice",
                              code: "duplicate_key", fix: "keep one of them")
        default:
            return Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "not valid YAML: \(y)", code: "yaml_syntax")
        }
    }
}

private extension Node {
    var isMapping: Bool { if case .mapping = self { return true }; return false }
}
