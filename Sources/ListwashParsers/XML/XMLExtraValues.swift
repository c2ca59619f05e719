import ListwashCore

/// A record's unmapped XML values (`_extra`) in the order first seen, a repeated key's values
/// joined with `||`.
///
/// Found by key through a dictionary once the record holds more than a few keys: a search of
/// the list for every value made a record of 1,000 unmapped attributes or elements cost half a
/// million key comparisons (a 9 MB file of such records took 31 s). Below that, the list is
/// searched: most records hold a handful of keys, and hashing each costs more than comparing.
struct XMLExtraValues {
    private(set) var items: [KeyValue] = []
    /// Each key's position in `items`, kept while `items` holds more than ``searchedUpTo`` keys.
    private var positions: [String: Int] = [:]
    /// The most keys found by searching the list.
    static let searchedUpTo = 16

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    /// The position of `key` in ``items``.
    func position(of key: String) -> Int? {
        items.count <= Self.searchedUpTo ? items.firstIndex { $0.key == key } : positions[key]
    }

    /// Joins `value` to the value of `key` with `||`, or adds `key` when it is new and `canAdd`.
    /// False when the key is new and may not be added.
    @discardableResult
    mutating func join(_ key: String, _ value: String, canAdd: Bool = true) -> Bool {
        if let i = position(of: key) {
            items[i].value += "||" + value
            return true
        }
        guard canAdd else { return false }
        items.append(KeyValue(key, value))
        if items.count == Self.searchedUpTo + 1 {
            for (i, item) in items.enumerated() { positions[item.key] = i }
        } else if items.count > Self.searchedUpTo {
            positions[key] = items.count - 1
        }
        return true
    }

    /// Takes `value` back off the end of `key`'s value, where ``join(_:_:canAdd:)`` put it last;
    /// the key goes when it was its only value.
    mutating func forgetLast(_ key: String, _ value: String) {
        guard let i = position(of: key) else { return }
        if items[i].value == value {
            items.remove(at: i)
            positions.removeAll(keepingCapacity: true)
            if items.count > Self.searchedUpTo { for (j, item) in items.enumerated() { positions[item.key] = j } }
        } else if items[i].value.hasSuffix("||" + value) {
            items[i].value.removeLast(value.count + 2)
        }
    }

    /// Empties the values for the next record, keeping the storage.
    mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
    }
}
