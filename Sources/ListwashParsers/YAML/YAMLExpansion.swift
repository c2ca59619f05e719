import ListwashCore
import Yams

/// A bound on the size of a YAML document after its aliases are resolved, for every YAML file
/// listwash reads (pipeline files, mapping presets).
///
/// `Yams.compose` resolves each alias (`*name`) into a copy of its anchored value, so nine lines
/// of nested aliases (the YAML "billion laughs") become a billion values: walking them took
/// minutes and gigabytes. The largest real pipeline or mapping file holds a few thousand values;
/// a document past ``limit`` is refused before anything walks it. Yams has no option to refuse
/// aliases or bound their expansion, so this counts the composed tree, stopping at the limit.
public enum YAMLExpansion {
    /// Values (scalars, lists and mappings, keys included) a document may hold once expanded.
    public static let limit = 1_000_000

    /// The diagnostic for `root` when it holds more than `limit` values, at the value where the
    /// count passed it; nil when it is within. Its code is `yaml_too_large` whatever the file.
    public static func problem(_ root: Node, file: String, limit: Int = limit) -> Diagnostic? {
        var count = 0
        guard let past = firstBeyond(root, limit: limit, count: &count) else { return nil }
        let at = SourcePosition(file: file, line: past.mark?.line ?? 1, column: past.mark?.column ?? 1)
        return Diagnostic(at: at, "the YAML expands to more than \(limit) values through its aliases (*name repeats the value anchored &name)",
                          code: "yaml_too_large", fix: "write the values out instead of nesting aliases; a listwash YAML file needs a few thousand values at most")
    }

    /// The node at which the walk counted past `limit`, or nil.
    private static func firstBeyond(_ node: Node, limit: Int, count: inout Int) -> Node? {
        count += 1
        if count > limit { return node }
        switch node {
        case .scalar, .alias:
            return nil
        case .sequence(let seq):
            for item in seq {
                if let past = firstBeyond(item, limit: limit, count: &count) { return past }
            }
            return nil
        case .mapping(let map):
            for (k, v) in map {
                if let past = firstBeyond(k, limit: limit, count: &count) { return past }
                if let past = firstBeyond(v, limit: limit, count: &count) { return past }
            }
            return nil
        }
    }
}
