/// A ``ColumnMapping``'s slots as flat arrays, for the per-record loops of the CSV parser.
///
/// Looping over `mapping.slots` and each slot's `columns` retained and released both arrays
/// (and copied the slot's ``MappingTarget``) for every record; over these flat arrays, lent
/// as unsafe buffers (``withBuffers(_:)``), the loops touch no reference count at all.
struct FlatSlots {
    /// Each slot's target, in slot order.
    var targets: [MappingTarget]
    /// Slot `s` takes the columns `columns[starts[s]..<starts[s + 1]]`, in order of preference.
    var columns: [Int]
    var starts: [Int]
    /// ``ColumnMapping/roles``: for each header column, its slot or -1.
    var roles: [Int]

    init(_ mapping: ColumnMapping) {
        targets = mapping.slots.map(\.target)
        columns = mapping.slots.flatMap(\.columns)
        starts = mapping.slots.reduce(into: [0]) { $0.append($0.last! + $1.columns.count) }
        roles = mapping.roles
    }

    /// The arrays of a ``FlatSlots``, valid only inside ``FlatSlots/withBuffers(_:)``.
    struct Buffers {
        let targets: UnsafeBufferPointer<MappingTarget>
        let columns: UnsafeBufferPointer<Int>
        let starts: UnsafeBufferPointer<Int>
        let roles: UnsafeBufferPointer<Int>

        var count: Int { targets.count }

        /// The columns slot `s` may take, in order of preference.
        @inline(__always) func columns(of s: Int) -> Slice<UnsafeBufferPointer<Int>> { columns[starts[s]..<starts[s + 1]] }
    }

    /// Lends the arrays to `body` as unsafe buffers.
    func withBuffers<R>(_ body: (Buffers) throws -> R) rethrows -> R {
        try targets.withUnsafeBufferPointer { targets in
            try columns.withUnsafeBufferPointer { columns in
                try starts.withUnsafeBufferPointer { starts in
                    try roles.withUnsafeBufferPointer { roles in
                        try body(Buffers(targets: targets, columns: columns, starts: starts, roles: roles))
                    }
                }
            }
        }
    }
}
