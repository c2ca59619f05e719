import ListwashCore

/// Expands `${VAR}` from the environment in the settings whose ``SettingSpec/expandsEnvironment``
/// is set (base URL, token variable name, paths), and only there (DESIGN §4). Elsewhere a
/// `${...}` stays as written and draws a warning, so nobody expects it to be expanded.
enum EnvironmentExpansion {
    /// `node` with every expanding setting's `${VAR}` replaced. An unset variable is a problem of
    /// severity `unsetSeverity` (the `submit` block only needs its variables when submitting).
    static func expand(_ node: SettingNode, spec: StageSpec, extraPaths: Set<String> = [], environment: [String: String],
                       unsetSeverity: Diagnostic.Severity = .error, problems: inout [Diagnostic]) -> SettingNode {
        let paths = Set(spec.settings.filter(\.expandsEnvironment).map(\.path)).union(extraPaths)
        return walk(node, prefix: "", paths: paths, environment: environment, unsetSeverity: unsetSeverity, problems: &problems)
    }

    private static func walk(_ node: SettingNode, prefix: String, paths: Set<String>, environment: [String: String],
                             unsetSeverity: Diagnostic.Severity, problems: inout [Diagnostic]) -> SettingNode {
        switch node.value {
        case .scalar(let s):
            guard s.contains("${") else { return node }
            if paths.contains(prefix) {
                return SettingNode(.scalar(substitute(s, at: node.position, environment: environment, unsetSeverity: unsetSeverity, problems: &problems)),
                                   at: node.position)
            }
            problems.append(Diagnostic(.warning, at: node.position, "'${...}' is not expanded in '\(prefix)'", code: "env_not_expanded",
                                       notes: ["variables are expanded only in: \(paths.isEmpty ? "(none in this block)" : paths.sorted().joined(separator: ", "))"],
                                       fix: "write the value itself"))
            return node
        case .list(let items):
            return SettingNode(.list(items.map { walk($0, prefix: prefix, paths: paths, environment: environment, unsetSeverity: unsetSeverity, problems: &problems) }),
                               at: node.position)
        case .map(let members):
            return SettingNode(.map(members.map { m in
                let path = prefix.isEmpty ? m.key : prefix + "." + m.key
                return (m.key, m.keyPosition, walk(m.node, prefix: path, paths: paths, environment: environment, unsetSeverity: unsetSeverity, problems: &problems))
            }), at: node.position)
        }
    }

    /// `s` with each `${NAME}` replaced by the variable's value.
    static func substitute(_ s: String, at position: SourcePosition?, environment: [String: String],
                           unsetSeverity: Diagnostic.Severity = .error, problems: inout [Diagnostic]) -> String {
        var out = ""
        var rest = Substring(s)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close])
            if let value = environment[name] {
                out += value
            } else {
                problems.append(Diagnostic(unsetSeverity, at: position, "environment variable '\(name)' is not set", code: "env_unset",
                                           fix: "export \(name)=... before running, or write the value in the file"))
                out += rest[open.lowerBound...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
