/// A ``ColumnMapping``'s slots as flat arrays, for the per-record loops of the CSV parser.
///
/// Looping over `mapping.slots` and each slot's `columns` retained and released both arrays
/// (and copied the slot's ``MappingTarget``) for every record; over these flat arrays, lent
/// as unsafe buffers, the loops touch no reference count at all.
struct FlatSlots {
    /// Each slot's target, in slot order.
    var targets: [MappingTarget]
    /// Slot `s` takes the columns `columns[starts[s]..<starts[s + 1]]`, in order of preference.
    var columns: [Int]
    var starts: [Int]

    init(_ mapping: ColumnMapping) {
        targets = mapping.slots.map(\.target)
        columns = mapping.slots.flatMap(\.columns)
        starts = mapping.slots.reduce(into: [0]) { $0.append($0.last! + $1.columns.count) }
    }

    var count: Int { targets.count }
}
