/// A memo with bounded memory: two generations of at most `capacity` entries each. A hit in
/// the older generation is promoted; when the current generation fills, the older one is
/// dropped. Close to LRU for a stream with repeats, at the cost of two dictionary probes.
struct BoundedCache<Key: Hashable, Value> {
    let capacity: Int
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "a cache needs room for at least one entry")
        self.capacity = capacity
    }

    /// The cached value for `key`, or `make()`'s, remembered.
    mutating func value(for key: Key, _ make: () -> Value) -> Value {
        if let v = current[key] { return v }
        let v = previous[key] ?? make()
        if current.count >= capacity {
            previous = current
            current = [:]
            current.reserveCapacity(capacity)
        }
        current[key] = v
        return v
    }

    /// Entries held, across both generations (at most twice the capacity).
    var count: Int { current.count + previous.count }
}
