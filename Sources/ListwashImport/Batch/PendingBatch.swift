import ListwashCore

/// One batch being filled or waiting to be written: its contacts serialized once, joined by
/// commas, with where each starts, its email key and its source record. The request document is
/// `envelope.prefix + body + envelope.suffix`, so its size is known exactly without building it.
struct PendingBatch {
    /// The contact objects joined by `,` (what goes between `[` and `]`).
    var body: JSONWriter
    /// The offset in `body` where each contact's object starts.
    private(set) var starts: [Int] = []
    /// Each contact's email key (``EmailCheck/key(_:)``), in order.
    private(set) var keys: [String] = []
    /// The same keys, for the per-contact "already in this batch?" check.
    private var keySet = EmailKeySet()
    /// Each contact's provenance, in order.
    private(set) var sources: [Provenance] = []

    init(capacity: Int) {
        body = JSONWriter(capacity: capacity)
    }

    var count: Int { starts.count }
    var isEmpty: Bool { starts.isEmpty }

    func contains(key: String) -> Bool { keySet.contains(key) }

    /// Reserves `key` for a contact about to be written; false when the batch already has it.
    /// (One hash lookup per contact: the check and the insert at once.)
    mutating func claim(key: String) -> Bool { keySet.insert(key) }

    /// Starts a contact: writes the separator and returns where the contact will start.
    mutating func beginContact() -> Int {
        if !starts.isEmpty { body.byte(UInt8(ascii: ",")) }
        return body.count
    }

    /// Records the contact written since `beginContact()` returned `start`; its key was claimed.
    mutating func commitContact(start: Int, key: String, source: Provenance) {
        starts.append(start)
        keys.append(key)
        sources.append(source)
    }

    /// Drops what was written since `beginContact()` (separator included) and the claim on
    /// `key` (the last key claimed), and returns the contact's bytes.
    mutating func rollBack(start: Int, key: String) -> [UInt8] {
        let bytes = Array(body.bytes[start...])
        body.bytes.removeSubrange((starts.isEmpty ? start : start - 1)...)
        assert(keySet.last == key, "rollBack(start:key:) undoes the last claim only")
        keySet.removeLast()
        return bytes
    }

    /// Appends an already serialized contact.
    mutating func append(serialized bytes: ArraySlice<UInt8>, key: String, source: Provenance) {
        _ = claim(key: key)
        let start = beginContact()
        body.bytes.append(contentsOf: bytes)
        commitContact(start: start, key: key, source: source)
    }

    /// The size in bytes of the last `k` contacts joined by commas.
    func tailSize(_ k: Int) -> Int {
        body.count - starts[count - k]
    }

    /// Removes the last `k` contacts and returns them as `(bytes, key, source)`.
    mutating func removeLast(_ k: Int) -> [(bytes: ArraySlice<UInt8>, key: String, source: Provenance)] {
        var out: [(bytes: ArraySlice<UInt8>, key: String, source: Provenance)] = []
        for i in (count - k)..<count {
            let end = i + 1 < count ? starts[i + 1] - 1 : body.count
            out.append((Array(body.bytes[starts[i]..<end])[...], keys[i], sources[i]))
        }
        let cut = starts[count - k]
        body.bytes.removeSubrange((count - k == 0 ? cut : cut - 1)...)
        for _ in 0..<k { keySet.removeLast() }
        starts.removeLast(k)
        keys.removeLast(k)
        sources.removeLast(k)
        return out
    }

    /// Puts contacts in front of this batch's contacts, in their order.
    mutating func prepend(_ contacts: [(bytes: ArraySlice<UInt8>, key: String, source: Provenance)]) {
        let old = self
        self.clear()
        for c in contacts { append(serialized: c.bytes, key: c.key, source: c.source) }
        for i in 0..<old.count {
            let end = i + 1 < old.count ? old.starts[i + 1] - 1 : old.body.count
            append(serialized: old.body.bytes[old.starts[i]..<end], key: old.keys[i], source: old.sources[i])
        }
    }

    /// Empties the batch, keeping its storage.
    mutating func clear() {
        body.bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        keySet.removeAll()
        sources.removeAll(keepingCapacity: true)
    }
}
