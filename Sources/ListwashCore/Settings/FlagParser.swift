/// Turns a stage command's flags into the same ``SettingNode`` a pipeline file gives, using the
/// stage's ``StageSpec``: `--default-region US` becomes `{phone: {default_region: US}}`.
/// Boolean flags take no value (`--explain`, or `--explain=false`); list flags repeat.
public enum FlagParser {
    public static func parse(_ args: [String], spec: StageSpec) throws(DiagnosticList) -> SettingNode {
        var values: [(path: String, value: String)] = []
        var problems: [Diagnostic] = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("--") else {
                problems.append(Diagnostic(at: nil, "unexpected argument '\(arg)' for '\(spec.name)'", code: "unknown_flag"))
                continue
            }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let s = spec.setting(flag: name) else {
                let flags = spec.settings.compactMap(\.flag)
                problems.append(Diagnostic(at: nil, "unknown option '--\(name)' for '\(spec.name)'", code: "unknown_flag",
                                           notes: ["options: " + flags.map { "--\($0)" }.joined(separator: ", ")],
                                           fix: nearest(name, in: flags).map { "did you mean '--\($0)'?" }))
                continue
            }
            if s.kind == .boolean {
                values.append((s.path, inline ?? "true"))
                continue
            }
            if let inline { values.append((s.path, inline)); continue }
            guard i < args.count else {
                problems.append(Diagnostic(at: nil, "option '--\(name)' needs a value", code: "missing_value"))
                continue
            }
            values.append((s.path, args[i]))
            i += 1
        }
        // A single-valued option given twice with different values: the run would silently use
        // the last (`-o a -o b` writing only b), so it is refused.
        var firstValue: [String: String] = [:]
        for (path, value) in values {
            switch spec.setting(path: path)?.kind {
            case .stringList?, .integerList?: continue
            default: break
            }
            if let earlier = firstValue[path], earlier != value {
                let flag = spec.setting(path: path)?.flag.map { "--\($0)" } ?? path
                problems.append(Diagnostic(at: nil, "option '\(flag)' is given twice, as '\(earlier)' and as '\(value)'", code: "flag_repeated",
                                           fix: "give '\(flag)' once"))
            } else {
                firstValue[path] = value
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        var root = SettingNode.emptyMap
        for (path, value) in values {
            let isList: Bool
            switch spec.setting(path: path)?.kind {
            case .stringList?, .integerList?: isList = true
            default: isList = false
            }
            insert(&root, path: path.split(separator: ".").map(String.init), value: value, asList: isList)
        }
        return root
    }

    private static func insert(_ node: inout SettingNode, path: [String], value: String, asList: Bool) {
        guard var members = node.members else { return }
        let key = path[0]
        let idx = members.firstIndex { $0.key == key }
        if path.count == 1 {
            let leaf = SettingNode.scalar(value)
            if asList {
                if let idx, var l = members[idx].node.list { l.append(leaf); members[idx].node = SettingNode(.list(l)) } else if idx == nil {
                    members.append((key, nil, SettingNode(.list([leaf]))))
                }
            } else if let idx {
                members[idx].node = leaf
            } else {
                members.append((key, nil, leaf))
            }
        } else {
            var child = idx.map { members[$0].node } ?? .emptyMap
            insert(&child, path: Array(path.dropFirst()), value: value, asList: asList)
            if let idx { members[idx].node = child } else { members.append((key, nil, child)) }
        }
        node = SettingNode(.map(members), at: node.position)
    }
}
