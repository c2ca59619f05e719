import ListwashCore
import ListwashImport
import ListwashStages

/// Checks every written setting against its ``SettingSpec/kind`` (list ids are numbers, flags
/// are true/false, choices are among the options), from the specs alone, so a file is checked
/// the same however a stage reads its settings.
enum SpecTypeCheck {
    static func check(_ spec: PipelineSpec) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let stages: [(String, StageSpec)] = [("normalize", NormalizeStage.spec), ("dedupe", DedupeStage.spec),
                                             ("exclude", ExcludeStage.spec), ("batch", BatchWriter.spec),
                                             ("submit", StageRegistry.submit), ("audit", AuditGates.spec)]
        for (key, stageSpec) in stages {
            guard let node = spec.blocks[key] else { continue }
            for root in node.list ?? [node] { out += check(root, spec: stageSpec) }
        }
        return out
    }

    /// The problems of one settings mapping against `spec`.
    static func check(_ root: SettingNode, spec: StageSpec) -> [Diagnostic] {
        var out: [Diagnostic] = []
        walk(root, prefix: "", spec: spec, into: &out)
        return out
    }

    private static func walk(_ node: SettingNode, prefix: String, spec: StageSpec, into out: inout [Diagnostic]) {
        guard let members = node.members else { return }
        for m in members {
            let path = prefix.isEmpty ? m.key : prefix + "." + m.key
            if let setting = spec.setting(path: path) {
                check(m.node, setting: setting, into: &out)
            } else {
                walk(m.node, prefix: path, spec: spec, into: &out)
            }
        }
    }

    private static func check(_ node: SettingNode, setting s: SettingSpec, into out: inout [Diagnostic]) {
        switch s.kind {
        case .integerList:
            for item in node.list ?? [node] where item.scalar.flatMap({ Int($0) }) == nil {
                out.append(Diagnostic(at: item.position, "'\(s.path)' takes numbers (list ids); '\(item.scalar ?? item.kindName)' is not a number",
                                      code: "not_a_number", fix: "use the list's numeric id, shown in ActiveCampaign under Lists"))
            }
        case .integer:
            if node.scalar.flatMap({ Int($0) }) == nil {
                out.append(Diagnostic(at: node.position, WholeNumberProblem.message(s.path, found: node.scalar ?? node.kindName), code: "wrong_type"))
            }
        case .number:
            if node.scalar.flatMap({ Double($0) }) == nil {
                out.append(Diagnostic(at: node.position, "'\(s.path)' must be a number, found '\(node.scalar ?? node.kindName)'", code: "wrong_type"))
            }
        case .boolean:
            if !["true", "false", "yes", "no", "on", "off", "1", "0", ""].contains(node.scalar?.lowercased() ?? "?") {
                out.append(Diagnostic(at: node.position, "'\(s.path)' must be true or false, found '\(node.scalar ?? node.kindName)'", code: "wrong_type"))
            }
        case .choice(let options):
            if let v = node.scalar, !options.contains(v) {
                out.append(Diagnostic(at: node.position, "'\(s.path)' must be one of \(options.joined(separator: ", ")); found '\(v)'", code: "invalid_choice",
                                      fix: nearest(v, in: options).map { "did you mean '\($0)'?" }))
            }
        case .string, .stringList, .structured:
            break
        }
    }
}
