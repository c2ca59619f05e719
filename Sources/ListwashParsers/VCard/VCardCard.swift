import ListwashCore

/// One property kept from a card: its decoded value (UTF-8, vCard escapes still in place) and
/// name live in the card's byte arena, so reading a card allocates no String per property.
struct VCardProperty {
    var kind: VCardPropertyKind
    /// The name as written (arena range), used as the `_extra` key of unmapped properties.
    var name: Range<Int>
    /// The group (`item1` of `item1.EMAIL`), arena range.
    var group: Range<Int>?
    var value: Range<Int>
    var types: VCardTypes
    var pref: Int
    var valueIsURI: Bool
}

/// The card being read: where it starts, its properties, and the first problem found in it.
struct VCardCard {
    var number = 0
    var line = 0
    var arena: [UInt8] = []
    var properties: [VCardProperty] = []
    /// The first problem (a broken card keeps everything that could be read and this reject).
    var problem: Reject?
    var notes: [Note] = []

    mutating func reset(number: Int, line: Int) {
        self.number = number
        self.line = line
        arena.removeAll(keepingCapacity: true)
        properties.removeAll(keepingCapacity: true)
        problem = nil
        notes.removeAll()
    }

    /// Records the first problem of the card; later ones are consequences or noise.
    mutating func fail(_ code: RejectCode, line: Int, column: Int, _ message: String, fix: String) {
        guard problem == nil else { return }
        problem = Reject(code: code, stage: "parse", reason: "line \(line), column \(column): \(message)", fix: fix, column: column)
    }

    /// Copies `bytes` into the arena and returns their range.
    mutating func store(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = arena.count
        arena.append(contentsOf: bytes)
        return start..<arena.count
    }
}
