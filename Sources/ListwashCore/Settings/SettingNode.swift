/// A settings value as written, in a pipeline file or as command-line flags, with where it was
/// written. Both front doors produce this tree, and every stage reads its settings from it
/// through ``SettingsReader``: one definition, so a pipe and a pipeline file cannot drift apart.
public struct SettingNode: Sendable {
    public indirect enum Value: Sendable {
        case scalar(String)
        case list([SettingNode])
        /// Members in the order written; the key's own position is kept for diagnostics.
        case map([(key: String, keyPosition: SourcePosition?, node: SettingNode)])
    }

    public var value: Value
    public var position: SourcePosition?

    public init(_ value: Value, at position: SourcePosition? = nil) {
        self.value = value
        self.position = position
    }

    public static func scalar(_ s: String, at p: SourcePosition? = nil) -> SettingNode { SettingNode(.scalar(s), at: p) }
    public static let emptyMap = SettingNode(.map([]))

    public var scalar: String? { if case .scalar(let s) = value { return s }; return nil }
    public var list: [SettingNode]? { if case .list(let l) = value { return l }; return nil }
    public var members: [(key: String, keyPosition: SourcePosition?, node: SettingNode)]? {
        if case .map(let m) = value { return m }
        return nil
    }

    /// The member named `key` of a map.
    public subscript(key: String) -> SettingNode? { members?.first(where: { $0.key == key })?.node }

    /// A human name of the node's shape, for messages.
    public var kindName: String {
        switch value {
        case .scalar: return "a value"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }
}
