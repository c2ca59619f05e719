import Foundation
import ListwashCore
import ListwashImport
import ListwashParsers
import ListwashStages

/// A pipeline resolved from its file: inputs opened-ready and every stage built from its block
/// through the stage's own ``ConfigurableStage`` constructor, the same one its subcommand uses.
public struct Pipeline {
    public var name: String
    /// The pipeline file as given.
    public var path: String
    /// Relative paths in the file resolve against this folder.
    public var baseDirectory: String
    public var inputs: [PipelineInput]
    public var normalize: NormalizeStage
    public var dedupe: DedupeStage
    public var exclude: ExcludeStage
    public var batch: BatchWriter
    /// Where the batches are written (`batch.out`, resolved), if set.
    public var batchDirectory: String?
    /// The `submit:` block as written; variables are expanded when submitting.
    public var submitSettings: SettingNode
    public var gates: AuditGates
    /// Load-time warnings of every stage (ends-with entries without '@', unset variables in `submit`).
    public var warnings: [Diagnostic]
}

/// The result of resolving a pipeline file: the pipeline when there is no error, and every
/// problem found (errors and warnings), sorted by position.
public struct PipelineResolution {
    public var pipeline: Pipeline?
    public var diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

extension Pipeline {
    /// Reads, checks and builds the pipeline at `path`, collecting every problem in one pass.
    /// `batchOut` replaces the `batch.out` folder (the audit writes its batches to a scratch folder).
    public static func load(path: String, environment: [String: String], batchOut: String? = nil) -> PipelineResolution {
        let file: PipelineFile
        do { file = try PipelineFile.load(path: path) } catch {
            return PipelineResolution(pipeline: nil, diagnostics: error.diagnostics)
        }
        var problems: [Diagnostic] = []
        let spec = PipelineSpec(file, problems: &problems)
        return resolve(spec, environment: environment, problems: problems, batchOut: batchOut)
    }

    /// Builds the pipeline from its raw spec; `problems` are those already found.
    public static func resolve(_ spec: PipelineSpec, environment: [String: String], problems: [Diagnostic] = [],
                               batchOut: String? = nil) -> PipelineResolution {
        var problems = problems
        let base = directory(of: spec.file.path)
        let context = StageContext(baseDirectory: base, environment: environment)
        let secret = tokenSecret(spec, environment: environment)

        var inputs: [PipelineInput] = []
        for node in spec.inputs {
            if let input = resolveInput(node, context: context, secret: secret, problems: &problems) { inputs.append(input) }
        }

        func build<S: ConfigurableStage>(_ type: S.Type, _ key: String) -> S? {
            let raw = spec.blocks[key] ?? .emptyMap
            var node = EnvironmentExpansion.expand(raw, spec: S.spec, environment: environment, secrets: secret, problems: &problems)
            // The audit (which passes `batchOut`) reports fuzzy duplicate candidates, so dedupe looks for them.
            if key == "dedupe", batchOut != nil, node.members != nil { node = node.setting("fuzzy", to: "true") }
            do { return try S(settings: node, context: context) } catch {
                problems += error.diagnostics.map { located($0, in: spec, key: key) }
                return nil
            }
        }
        let normalize = build(NormalizeStage.self, "normalize")
        let dedupe = build(DedupeStage.self, "dedupe")
        let exclude = build(ExcludeStage.self, "exclude")

        let batchRaw = spec.blocks["batch"] ?? .emptyMap
        var batchNode = EnvironmentExpansion.expand(batchRaw, spec: BatchWriter.spec, environment: environment, secrets: secret, problems: &problems)
        if let batchOut { batchNode = batchNode.setting("out", to: batchOut) }
        var batch: BatchWriter?
        do { batch = try BatchWriter(settings: batchNode, context: context) } catch {
            problems += error.diagnostics.map { located($0, in: spec, key: "batch") }
        }
        let batchDirectory = batchNode["out"]?.scalar.map(context.resolve)

        // The submit block is checked now; its variables only need to be set when submitting.
        let submitRaw = spec.blocks["submit"] ?? .emptyMap
        let submitExpanded = EnvironmentExpansion.expand(submitRaw, spec: StageRegistry.submit, environment: environment,
                                                         secrets: secret, unsetSeverity: .warning, problems: &problems)
        if let tokenEnv = submitExpanded["token_env"], let name = tokenEnv.scalar, !isVariableName(name) {
            // Never quote the value: `token_env: ${AC_API_TOKEN}` expands to the token itself.
            problems.append(Diagnostic(at: tokenEnv.position, "'token_env' must name an environment variable, and its value is not a variable name",
                                       code: "token_env_invalid", notes: ["'token_env: ${AC_API_TOKEN}' puts the token itself here"],
                                       fix: "write the variable's name: 'token_env: AC_API_TOKEN'"))
        }
        problems += SubmitSettings.problems(settings: submitRaw)

        var gates = AuditGates()
        do { gates = try AuditGates(settings: spec.blocks["audit"] ?? .emptyMap) } catch { problems += error.diagnostics }

        if normalize != nil { problems += FieldColumnCheck.check(spec.blocks["normalize"]?["fields"], inputs: inputs) }
        problems += SpecTypeCheck.check(spec)
        problems += SecretScan.scan(spec.file.root)
        problems += context.warnings
        let diagnostics = sortedUnique(problems)

        guard !diagnostics.contains(where: { $0.severity == .error }),
              let normalize, let dedupe, let exclude, let batch else {
            return PipelineResolution(pipeline: nil, diagnostics: diagnostics)
        }
        let pipeline = Pipeline(name: spec.name ?? baseName(spec.file.path), path: spec.file.path, baseDirectory: base, inputs: inputs,
                                normalize: normalize, dedupe: dedupe, exclude: exclude, batch: batch, batchDirectory: batchDirectory,
                                submitSettings: submitRaw, gates: gates, warnings: diagnostics)
        return PipelineResolution(pipeline: pipeline, diagnostics: diagnostics)
    }

    /// The `submit:` block with its variables expanded; unset variables are errors now.
    public func expandedSubmitSettings(environment: [String: String], spec: StageSpec) throws(DiagnosticList) -> SettingNode {
        var problems: [Diagnostic] = []
        let node = EnvironmentExpansion.expand(submitSettings, spec: spec, environment: environment,
                                               secrets: Self.tokenSecret(submitSettings, environment: environment), problems: &problems)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticList(errors) }
        return node
    }

    /// The token's variable (`submit.token_env` as written, `AC_API_TOKEN` by default) and its value.
    static func tokenSecret(_ spec: PipelineSpec, environment: [String: String]) -> EnvironmentExpansion.TokenSecret {
        tokenSecret(spec.blocks["submit"] ?? .emptyMap, environment: environment)
    }

    static func tokenSecret(_ submit: SettingNode, environment: [String: String]) -> EnvironmentExpansion.TokenSecret {
        let written = submit["token_env"]?.scalar
        let variable = written.flatMap { isVariableName($0) ? $0 : nil } ?? "AC_API_TOKEN"
        return EnvironmentExpansion.TokenSecret(variable: variable, environment: environment)
    }

    private static func resolveInput(_ node: SettingNode, context: StageContext, secret: EnvironmentExpansion.TokenSecret,
                                     problems: inout [Diagnostic]) -> PipelineInput? {
        guard node.members != nil else {
            problems.append(Diagnostic(at: node.position, "an input is a mapping with a 'path', found \(node.kindName)", code: "wrong_type",
                                       fix: "write '- path: \(node.scalar ?? "data/contacts.csv")'"))
            return nil
        }
        let expandable: Set<String> = ["path"]
        let expanded = EnvironmentExpansion.expand(node, spec: ParseSettings.spec, extraPaths: expandable, environment: context.environment,
                                                   secrets: secret, problems: &problems)
        var settings: ParseSettings?
        // `path` is the entry's own key, not a parse setting: the reader gets the rest.
        let parseNode = SettingNode(.map((expanded.members ?? []).filter { $0.key != "path" }), at: expanded.position)
        do { settings = try ParseSettings(settings: parseNode) } catch { problems += error.diagnostics }

        guard let pathNode = expanded["path"] else {
            problems.append(Diagnostic(at: node.position, "the input has no 'path'", code: "missing_key", fix: "add 'path: data/contacts.csv'"))
            return nil
        }
        guard let path = pathNode.scalar, !path.isEmpty else {
            problems.append(Diagnostic(at: pathNode.position, "'path' must be a file name", code: "wrong_type"))
            return nil
        }
        let resolved = context.resolve(path)
        var isFolder: ObjCBool = false
        if !path.contains("${") && FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) && isFolder.boolValue {
            problems.append(Diagnostic(at: pathNode.position, "input '\(path)' is a folder, not a file", code: "input_missing",
                                       fix: "name each export file of the folder as an input of its own"))
        } else if !path.contains("${") && !fileExists(resolved) {
            problems.append(Diagnostic(at: pathNode.position, "input file '\(path)' does not exist", code: "input_missing",
                                       notes: ["relative paths start at the pipeline file's folder: '\(context.baseDirectory)'"],
                                       fix: nearbyFile(written: path, resolved: resolved).map { "did you mean '\($0)'?" } ?? "check the path, or create the file"))
        }
        if let mapping = expanded["mapping"], let name = mapping.scalar, !name.contains("${") {
            MappingCheck.check(name, at: mapping.position, context: context, problems: &problems)
        }
        guard let settings else { return nil }
        let isRecords = settings.format == nil && path.lowercased().hasSuffix(".jsonl")
        return PipelineInput(path: path, resolvedPath: resolved, kind: isRecords ? .records : .export, settings: settings, position: node.position)
    }

    /// A diagnostic from a stage built from flags-style settings may lack a position; point it at the block.
    private static func located(_ d: Diagnostic, in spec: PipelineSpec, key: String) -> Diagnostic {
        guard d.position == nil else { return d }
        var d = d
        // An absent block (e.g. no 'batch:' at all) is reported at the top of the file.
        d.position = spec.blocks[key]?.position ?? spec.keyPositions[key] ?? SourcePosition(file: spec.file.path, line: 1, column: 1)
        return d
    }

    /// Sorted by position (position-less first), with repeats of the same code at the same place dropped.
    static func sortedUnique(_ problems: [Diagnostic]) -> [Diagnostic] {
        let none = SourcePosition(file: "", line: 0, column: 0)
        var seen = Set<String>()
        var out: [Diagnostic] = []
        for d in problems.enumerated().sorted(by: { a, b in
            let pa = a.element.position ?? none, pb = b.element.position ?? none
            return pa != pb ? pa < pb : a.offset < b.offset
        }).map(\.element) {
            let key = "\(d.position?.description ?? "")|\(d.code)"
            if seen.insert(key).inserted { out.append(d) }
        }
        return out
    }
}

func directory(of path: String) -> String {
    guard let i = path.lastIndex(of: "/") else { return "." }
    return i == path.startIndex ? "/" : String(path[..<i])
}

func baseName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    for ext in [".yaml", ".yml"] where name.hasSuffix(ext) { name.removeLast(ext.count) }
    return name
}

extension SettingNode {
    /// The map with `key` set to the scalar `value` (replacing or appending), keeping positions.
    func setting(_ key: String, to value: String) -> SettingNode {
        var members = self.members ?? []
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].node = SettingNode(.scalar(value), at: members[i].node.position)
        } else {
            members.append((key, nil, .scalar(value)))
        }
        return SettingNode(.map(members), at: position)
    }
}

/// Whether `s` can be an environment variable name (`AC_API_TOKEN`).
func isVariableName(_ s: String) -> Bool {
    guard let first = s.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 97 && first | 0x20 <= 122) else { return false }
    return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }
}
