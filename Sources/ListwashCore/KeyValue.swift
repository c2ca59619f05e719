/// One named string value in an ordered list (`_extra` columns, custom `fields`).
/// Order is kept so that output is deterministic and follows the source.
public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == KeyValue {
    /// The value of the first entry named `key`.
    public subscript(key key: String) -> String? {
        first(where: { $0.key == key })?.value
    }

    /// Sets `key` to `value`, replacing the first entry of that name or appending.
    public mutating func set(_ key: String, _ value: String) {
        if let i = firstIndex(where: { $0.key == key }) { self[i].value = value } else { append(KeyValue(key, value)) }
    }
}
