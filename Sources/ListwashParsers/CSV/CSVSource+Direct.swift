import ListwashCore

/// `listwash parse` writes most CSV records straight from their field bytes to their JSON line,
/// without building a ``ContactRecord``: building one (a `String` per field, the record's box,
/// then freeing them) was 40 % of `parse`, and writing it back out another 25 %.
///
/// The direct path takes only records that ``CSVSource/makeRecord()`` would turn into a live
/// record with nothing but the six common properties: the header's field count, no reader
/// problem, at least one non-empty field, every non-empty field the winner of its mapping slot
/// (nothing for `_extra`), and every winning value valid UTF-8. Every other record (rejects,
/// extras) goes the usual way, so the direct path needs no second copy of their rules. The
/// line it writes is byte for byte the one ``ContactRecord/writeJSON(to:)`` writes for the
/// record `makeRecord` builds; `CSVDirectLineTests` hold the two paths to that over random CSV.
struct DirectColumns {
    /// A contract key with its leading comma, as ``JSONWriter/member(_:first:)`` takes it, and
    /// the mapping slot of its columns (-1 when the mapping has none).
    struct Member {
        var key: StaticString
        var slot: Int
    }

    /// email, first_name, last_name, phone, customer_acct_name: the order of `writeJSON`.
    var members: [Member]
    /// The slot of the tags columns, or -1.
    var tagsSlot: Int
    /// `,"_src":{"file":"PATH","record":`: the same for every record of the file.
    var sourcePrefix: [UInt8]
    /// The mapping's slots, flattened.
    var slots: FlatSlots

    init?(_ mapping: ColumnMapping, path: String) {
        func slot(_ t: MappingTarget) -> Int { mapping.slots.firstIndex { $0.target == t } ?? -1 }
        for s in mapping.slots {
            switch s.target {
            case .email, .firstName, .lastName, .phone, .customerAcctName, .tags: continue
            case .fullName, .field: return nil
            }
        }
        members = [Member(key: ",\"email\":", slot: slot(.email)),
                   Member(key: ",\"first_name\":", slot: slot(.firstName)),
                   Member(key: ",\"last_name\":", slot: slot(.lastName)),
                   Member(key: ",\"phone\":", slot: slot(.phone)),
                   Member(key: ",\"customer_acct_name\":", slot: slot(.customerAcctName))]
        tagsSlot = slot(.tags)
        var w = JSONWriter()
        w.raw(",\"_src\":{\"file\":")
        w.string(path)
        w.raw(",\"record\":")
        sourcePrefix = w.bytes
        slots = FlatSlots(mapping)
    }
}

extension CSVSource {
    /// Writes the current record's JSON line when it qualifies for the direct path (see
    /// ``DirectColumns``); returns false, having written nothing, when it does not (every
    /// check comes before the first byte is written).
    ///
    /// Over unsafe buffers, with the slots' winners on the stack: the plain loops over the
    /// mapping's arrays retained and released them for every record, and copying `winners` out
    /// and back copied its storage, together a quarter of the direct path's time.
    func writeDirectly(_ direct: DirectColumns, into w: inout JSONWriter) -> Bool {
        let nullAsMissing = self.nullAsMissing
        let slotCount = direct.slots.targets.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(1, slotCount)) { winners in
            direct.slots.withBuffers { slots in
                reader.withRecord { view -> Bool in
                    func isMissing(_ j: Int) -> Bool { view.isEmpty(j) || (nullAsMissing && view.isNullMarker(j)) }
                    // The winner of each slot: its first column with a value, as in makeRecord.
                    for s in 0..<slotCount {
                        winners[s] = -1
                        for j in slots.columns(of: s) {
                            guard j < view.count, !isMissing(j) else { continue }
                            guard TextDecoding.isValidUTF8(view.bytes(j)) else { return false }
                            winners[s] = j
                            break
                        }
                    }
                    // Any other value would go to `_extra`; a record of missing values only is a reject.
                    var anyValue = false
                    for j in 0..<view.count where !isMissing(j) {
                        let role = slots.roles[j]
                        guard role >= 0 && winners[role] == j else { return false }
                        anyValue = true
                    }
                    guard anyValue else { return false }
                    write(view, winners: winners, direct, into: &w)
                    return true
                }
            }
        }
    }

    /// The line of a record that qualifies, in the order of ``ContactRecord/writeJSON(to:)``.
    private func write(_ view: CSVRecordView, winners: UnsafeMutableBufferPointer<Int>, _ direct: DirectColumns,
                       into w: inout JSONWriter) {
        w.byte(UInt8(ascii: "{"))
        var first = true
        for m in direct.members where m.slot >= 0 && winners[m.slot] >= 0 {
            w.member(m.key, first: &first)
            w.string(utf8: view.bytes(winners[m.slot]))
        }
        if direct.tagsSlot >= 0 && winners[direct.tagsSlot] >= 0 {
            let tags = self.tags.split(bytes: view.bytes(winners[direct.tagsSlot]))
            if !tags.isEmpty {
                w.member(",\"tags\":[", first: &first)
                for (i, t) in tags.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.string(t) }
                w.byte(UInt8(ascii: "]"))
            }
        }
        direct.sourcePrefix.withUnsafeBufferPointer { p in
            w.bytes.append(contentsOf: first ? UnsafeBufferPointer(rebasing: p[1...]) : p)
        }
        w.int(recordNumber)
        w.raw(",\"line\":")
        w.int(reader.recordLine)
        w.raw("}}")
    }
}
