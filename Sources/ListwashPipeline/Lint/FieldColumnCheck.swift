import ListwashCore
import ListwashParsers

/// Checks that every source column named in `normalize.fields` is a column of some input: a
/// name that matches none (a typo, a column renamed in the export) moved nothing, and its
/// values stayed in `_extra`, never sent, with nothing said. A warning at the name, listing
/// each input's columns and the closest one.
///
/// A CSV input's columns are its header (the `_extra` keys its columns get). A vCard or XML
/// input's are the `_extra` keys of its records, read up to ``sampleRecords``; when an input is
/// longer, or cannot be read now, or holds records (`.jsonl`), its columns are unknown and
/// nothing is reported (a warning that may be wrong is worse than none).
enum FieldColumnCheck {
    /// Records of a vCard or XML input read for its property names.
    static let sampleRecords = 10_000

    static func check(_ fields: SettingNode?, inputs: [PipelineInput]) -> [Diagnostic] {
        guard let members = fields?.members, !members.isEmpty, !inputs.isEmpty else { return [] }
        var columns: [(input: String, names: [String])] = []
        for input in inputs {
            guard let names = columnNames(of: input) else { return [] }
            columns.append((input.path, names))
        }
        let known = Set(columns.flatMap { $0.names.map { $0.lowercased() } })
        let candidates = columns.flatMap(\.names)
        var out: [Diagnostic] = []
        for m in members where !known.contains(m.key.lowercased()) {
            let id = m.node.scalar ?? m.node["id"]?.scalar
            out.append(Diagnostic(.warning, at: m.keyPosition ?? m.node.position,
                                  "'fields' names column '\(m.key)'\(id.map { " (field \($0))" } ?? ""), which no input has: no value reaches that field",
                                  code: "field_column_unknown",
                                  notes: columns.map { "columns of '\($0.input)': \(list($0.names))" },
                                  fix: nearest(m.key, in: candidates).map { "did you mean '\($0)'?" }
                                      ?? "write the column's name as the input's header has it"))
        }
        return out
    }

    /// The names an input's values are kept under in `_extra`, or nil when they cannot be
    /// known without reading it all.
    static func columnNames(of input: PipelineInput) -> [String]? {
        guard input.kind == .export, input.path != "-", !input.path.contains("${"), fileExists(input.resolvedPath),
              var source = try? input.open() else { return nil }
        if let csv = source as? CSVSource { return csv.columnKeys }
        var names: [String] = []
        var seen = Set<String>()
        do {
            for _ in 0..<sampleRecords {
                guard let record = try source.next() else { return source.partial.isEmpty ? names : nil }
                for e in record.extra where seen.insert(e.key).inserted { names.append(e.key) }
            }
        } catch {
            return nil  // unreadable now: the run reports it; nothing can be said of its columns
        }
        return nil
    }

    /// At most 30 names, quoted.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(30).map { "'\($0.count > 60 ? String($0.prefix(60)) + "…" : $0)'" }.joined(separator: ", ")
        return names.count > 30 ? shown + " and \(names.count - 30) more" : (names.isEmpty ? "none" : shown)
    }
}
