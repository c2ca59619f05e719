import ListwashCore
import ListwashImport

/// Expands `${VAR}` from the environment in the settings whose ``SettingSpec/expandsEnvironment``
/// is set (base URL, token variable name, paths), and only there (DESIGN §4). Elsewhere a
/// `${...}` stays as written and draws a warning, so nobody expects it to be expanded.
///
/// The API token is never expanded (`secrets`: the token's variable and its value): every
/// expanding setting ends up in a file (batch files and the manifest hold the callback, the
/// ledger the base URL), and the token must never be written to one.
enum EnvironmentExpansion {
    /// `node` with every expanding setting's `${VAR}` replaced. An unset variable is a problem of
    /// severity `unsetSeverity` (the `submit` block only needs its variables when submitting).
    ///
    /// A setting whose path is an expanding one, or lies inside one (a header of
    /// `callback.headers`), is expanded.
    static func expand(_ node: SettingNode, spec: StageSpec, extraPaths: Set<String> = [], environment: [String: String],
                       secrets: TokenSecret? = nil, unsetSeverity: Diagnostic.Severity = .error, problems: inout [Diagnostic]) -> SettingNode {
        let paths = Set(spec.settings.filter(\.expandsEnvironment).map(\.path)).union(extraPaths)
        var walker = Walker(paths: paths, environment: environment, secret: secrets, unsetSeverity: unsetSeverity)
        let expanded = walker.walk(node, prefix: "")
        problems += walker.problems
        return expanded
    }

    /// The API token's variable, and its value when set: never expanded.
    typealias TokenSecret = ListwashImport.TokenSecret

    private struct Walker {
        let paths: Set<String>
        let environment: [String: String]
        let secret: TokenSecret?
        let unsetSeverity: Diagnostic.Severity
        var problems: [Diagnostic] = []

        private func expands(_ path: String) -> Bool {
            paths.contains(path) || paths.contains { path.hasPrefix($0 + ".") }
        }

        mutating func walk(_ node: SettingNode, prefix: String) -> SettingNode {
            switch node.value {
            case .scalar(let s):
                guard s.contains("${") else { return node }
                if expands(prefix) {
                    // `token_env: ${AC_API_TOKEN}` has its own, more precise error (token_env_invalid).
                    return SettingNode(.scalar(substitute(s, at: node.position, environment: environment, secret: prefix == "token_env" ? nil : secret,
                                                          unsetSeverity: unsetSeverity, problems: &problems)), at: node.position)
                }
                problems.append(Diagnostic(.warning, at: node.position, "'${...}' is not expanded in '\(prefix)'", code: "env_not_expanded",
                                           notes: ["variables are expanded only in: \(paths.isEmpty ? "(none in this block)" : paths.sorted().joined(separator: ", "))"],
                                           fix: "write the value itself"))
                return node
            case .list(let items):
                return SettingNode(.list(items.map { walk($0, prefix: prefix) }), at: node.position)
            case .map(let members):
                return SettingNode(.map(members.map { m in
                    let path = prefix.isEmpty ? m.key : prefix + "." + m.key
                    return (m.key, m.keyPosition, walk(m.node, prefix: path))
                }), at: node.position)
            }
        }
    }

    /// `s` with each `${NAME}` replaced by the variable's value.
    static func substitute(_ s: String, at position: SourcePosition?, environment: [String: String], secret: TokenSecret? = nil,
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
            if let secret, secret.isToken(name, environment: environment) {
                let what = name == secret.variable ? "is the API token's variable" : "holds the API token (the value of \(secret.variable))"
                problems.append(Diagnostic(at: position, "'${\(name)}' \(what): listwash never writes the token into a setting, which would put it in the batch files, the manifest or the ledger",
                                           code: "token_in_setting", fix: "remove it: submit reads the token from '\(secret.variable)' itself and sends it only in the Api-Token header"))
                // Expanded to nothing: the run stops on the error, and the stage's own expansion
                // (BatchSettings) does not meet the variable again and report it twice.
            } else if let value = environment[name] {
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
