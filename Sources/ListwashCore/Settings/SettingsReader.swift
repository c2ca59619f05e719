/// Reads a stage's settings from a ``SettingNode`` by the stage's ``StageSpec``, collecting every
/// problem (unknown keys with the nearest known one, wrong types, bad choices) so a linter can
/// report them all in one pass. Call ``finish()`` last: it throws the list when there is one.
public struct SettingsReader {
    public let spec: StageSpec
    public let root: SettingNode
    public private(set) var diagnostics: [Diagnostic] = []
    private var used: Set<String> = []
    private var checkedUnknown = false

    public init(_ root: SettingNode, spec: StageSpec) {
        self.root = root
        self.spec = spec
        if root.members == nil, case .scalar(let s) = root.value, s.isEmpty || s == "~" || s == "null" {
            // `normalize:` with nothing after it: all defaults.
        } else if root.members == nil, root.list == nil {
            diagnostics.append(Diagnostic(at: root.position, "stage '\(spec.name)' takes a mapping of settings, found \(root.kindName)", code: "wrong_type",
                                          fix: "write its settings indented under '\(spec.name):', one 'key: value' a line ('listwash stages explain \(spec.name)' lists them)"))
        }
    }

    /// The node at a dotted path, or nil when not written.
    public mutating func node(_ path: String) -> SettingNode? {
        used.insert(path)
        var n: SettingNode? = root
        for part in path.split(separator: ".") {
            guard let cur = n, cur.members != nil else { return nil }
            n = cur[String(part)]
        }
        return n
    }

    /// Records a problem with a setting.
    public mutating func problem(_ message: String, at node: SettingNode?, code: String = "invalid_value", fix: String? = nil) {
        diagnostics.append(Diagnostic(at: node?.position ?? root.position, message, code: code, fix: fix))
    }

    public mutating func string(_ path: String) -> String? {
        guard let n = node(path) else { return nil }
        guard let s = n.scalar else { problem("'\(path)' must be a value, found \(n.kindName)", at: n, code: "wrong_type"); return nil }
        return s
    }

    public mutating func bool(_ path: String) -> Bool? {
        guard let n = node(path) else { return nil }
        switch n.scalar?.lowercased() {
        case "true", "yes", "on", "1", "": return true
        case "false", "no", "off", "0": return false
        default:
            problem("'\(path)' must be true or false, found '\(n.scalar ?? n.kindName)'", at: n, code: "wrong_type")
            return nil
        }
    }

    public mutating func int(_ path: String) -> Int? {
        guard let n = node(path) else { return nil }
        guard let s = n.scalar, let v = Int(s) else {
            problem(WholeNumberProblem.message(path, found: n.scalar ?? n.kindName), at: n, code: "wrong_type")
            return nil
        }
        return v
    }

    public mutating func double(_ path: String) -> Double? {
        guard let n = node(path) else { return nil }
        guard let s = n.scalar, let v = Double(s) else {
            problem("'\(path)' must be a number, found '\(n.scalar ?? n.kindName)'", at: n, code: "wrong_type")
            return nil
        }
        return v
    }

    /// A value from a closed set (`--merge first|last|...`).
    public mutating func choice(_ path: String) -> String? {
        guard let s = string(path) else { return nil }
        guard case .choice(let options)? = spec.setting(path: path)?.kind else { return s }
        if options.contains(s) { return s }
        let n = node(path)
        problem("'\(path)' must be one of \(options.joined(separator: ", ")); found '\(s)'", at: n, code: "invalid_choice",
                fix: nearest(s, in: options).map { "did you mean '\($0)'?" })
        return nil
    }

    /// A list of strings; a single value counts as a one-element list.
    public mutating func strings(_ path: String) -> [String]? {
        guard let n = node(path) else { return nil }
        if let s = n.scalar { return [s] }
        guard let l = n.list else { problem("'\(path)' must be a list, found \(n.kindName)", at: n, code: "wrong_type"); return nil }
        var out: [String] = []
        for item in l {
            if let s = item.scalar { out.append(s) } else { problem("items of '\(path)' must be values, found \(item.kindName)", at: item, code: "wrong_type") }
        }
        return out
    }

    /// A list of whole numbers (list ids).
    public mutating func ints(_ path: String) -> [Int]? {
        guard let n = node(path) else { return nil }
        let items = n.scalar != nil ? [n] : (n.list ?? [])
        if n.scalar == nil && n.list == nil { problem("'\(path)' must be a list of numbers, found \(n.kindName)", at: n, code: "wrong_type"); return nil }
        var out: [Int] = []
        for item in items {
            if let s = item.scalar, let v = Int(s) { out.append(v) } else {
                problem("'\(path)' takes numbers (list ids); '\(item.scalar ?? item.kindName)' is not a number", at: item, code: "not_a_number")
            }
        }
        return out
    }

    /// Reports keys that are not in the spec, with the nearest known key; throws every problem.
    public mutating func finish() throws(DiagnosticList) {
        if !checkedUnknown {
            checkedUnknown = true
            checkUnknown(root, prefix: "")
        }
        if !diagnostics.isEmpty {
            throw DiagnosticList(diagnostics.sorted { ($0.position ?? SourcePosition(file: "", line: 0, column: 0)) < ($1.position ?? SourcePosition(file: "", line: 0, column: 0)) })
        }
    }

    /// A group of settings (`names`, `callback`, `fail_if`) written as one value (`names: title`,
    /// `callback: https://…`): no setting is named, so without this it was silently ignored.
    private mutating func groupWrittenAsValue(_ node: SettingNode, path: String) {
        if case .scalar(let s) = node.value, s.isEmpty || s == "~" || s == "null" { return }  // `names:` alone: defaults
        let inside = spec.settings.filter { $0.path.hasPrefix(path + ".") }
        let names = inside.map { String($0.path.dropFirst(path.count + 1)) }
        // The setting the value most likely meant: one whose choices hold it, else one of the
        // value's kind (a number, a word), else the first.
        func fits(_ setting: SettingSpec, _ v: String) -> Bool {
            switch setting.kind {
            case .choice(let options): return options.contains(v)
            case .number: return Double(v) != nil
            case .integer, .integerList: return Int(v) != nil
            case .string: return Double(v) == nil
            default: return false
            }
        }
        let value = node.scalar
        let meant = value.flatMap { v in
            inside.first { if case .choice(let o) = $0.kind { o.contains(v) } else { false } } ?? inside.first { fits($0, v) }
        } ?? inside.first
        let example = meant.map { "'\(path):' and, indented on the next line, '\(String($0.path.dropFirst(path.count + 1))): \(value ?? "…")'" }
        diagnostics.append(Diagnostic(at: node.position,
                                      "'\(path)' in stage '\(spec.name)' is a group of settings, found \(node.scalar.map { "the value '\($0)'" } ?? node.kindName); nothing would be set",
                                      code: "wrong_type",
                                      notes: ["settings in '\(path)': \(names.joined(separator: ", "))"],
                                      fix: example.map { "name the setting inside it: write \($0)" } ?? "name a setting inside it"))
    }

    private mutating func checkUnknown(_ node: SettingNode, prefix: String) {
        guard let members = node.members else { return }
        let known = spec.settings.map(\.path)
        for m in members {
            let path = prefix.isEmpty ? m.key : "\(prefix).\(m.key)"
            let isPrefix = known.contains { $0.hasPrefix(path + ".") }
            if isPrefix {
                if m.node.members == nil { groupWrittenAsValue(m.node, path: path) }
                checkUnknown(m.node, prefix: path)
                continue
            }
            if known.contains(path) { continue }
            let siblings = known.compactMap { k -> String? in
                let parts = k.split(separator: ".").map(String.init)
                let pre = prefix.isEmpty ? [] : prefix.split(separator: ".").map(String.init)
                guard parts.count > pre.count, Array(parts.prefix(pre.count)) == pre else { return nil }
                return parts[pre.count]
            }
            let unique = Array(Set(siblings)).sorted()
            diagnostics.append(Diagnostic(at: m.keyPosition ?? m.node.position,
                                          "unknown key '\(m.key)' in stage '\(spec.name)'", code: "unknown_key",
                                          notes: ["known keys: \(unique.joined(separator: ", "))"],
                                          fix: nearest(m.key, in: unique).map { "did you mean '\($0)'?" }))
        }
    }
}
