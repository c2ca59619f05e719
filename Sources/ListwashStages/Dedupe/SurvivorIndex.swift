import ListwashCore

/// The index of streaming dedupe (`merge: first`): one entry per unique key, never the records.
///
/// An entry is the key's 128-bit ``Fingerprint128``, the survivor's provenance packed into
/// 12 bytes (file number, record, line; the file names are kept once each): a 28-byte slot. With
/// `union` on, the survivor's ordinal among the survivors (used by ``DeferredSurvivors``) makes
/// it 32. With the table between 50% and 75% full, that is 37 to 56 bytes per unique contact
/// (43 to 64 with ordinals), and growing needs no more than the new table
/// (``FingerprintTable/grow()``). A record or line number above 4,294,967,294 does not fit;
/// such sources are kept whole in a side list, so nothing is lost.
struct SurvivorIndex {
    /// A provenance in 12 bytes: file number, record and line.
    struct PackedSource {
        var file: UInt32
        var record: UInt32
        var line: UInt32
    }

    struct Entry {
        var source: PackedSource
        /// The survivor's number among the survivors, in input order (0 when not deferred).
        var ordinal: UInt32
    }

    /// `file` of a source kept whole in ``wideSources``; `record` and `line` hold its position.
    private static let wide = UInt32.max
    private static let noSource = PackedSource(file: 0, record: 0, line: 0)
    // Exactly one of the two tables exists. Two optionals rather than an enum with the table as
    // its payload: changing a payload in place takes it out of the enum first, so the table's
    // storage would be shared during the insert and copied whole every time.
    /// The entries with their ordinals (32-byte slots), when survivors are deferred.
    private var withOrdinals: FingerprintTable<Entry>?
    /// The entries without (28-byte slots), otherwise: the usual case, and the one whose memory
    /// is the dedupe stage's.
    private var sourcesOnly: FingerprintTable<PackedSource>?
    private var fileNames: [String] = []
    private var fileNumbers: [String: UInt32] = [:]
    private var lastFile: (name: String, number: UInt32)?
    private var wideSources: [Provenance] = []

    /// An empty index; `ordinals` keeps each survivor's ordinal (for ``DeferredSurvivors``).
    init(ordinals: Bool) {
        if ordinals {
            withOrdinals = FingerprintTable(filler: Entry(source: Self.noSource, ordinal: 0))
        } else {
            sourcesOnly = FingerprintTable(filler: Self.noSource)
        }
    }

    var count: Int { withOrdinals?.count ?? sourcesOnly?.count ?? 0 }
    var bytes: Int { withOrdinals?.bytes ?? sourcesOnly?.bytes ?? 0 }

    /// Starts the cache misses of `keys`' slots together (``FingerprintTable/prefetch(_:)``).
    func prefetch(_ key: Fingerprint128) {
        if let withOrdinals { withOrdinals.prefetch(key) } else { sourcesOnly!.prefetch(key) }
    }

    /// Records `source` as the survivor of `key` unless the key is known; returns the entry
    /// already recorded, or nil when the key is new.
    mutating func insert(_ key: Fingerprint128, source: Provenance, ordinal: UInt32 = 0) -> Entry? {
        // Packing first costs a file-name lookup for duplicates too; it is one comparison with
        // the last file in the usual case of one input at a time.
        let packed = pack(source)
        let old: Entry?
        if withOrdinals != nil {
            old = withOrdinals!.insertIfAbsent(key, Entry(source: packed, ordinal: ordinal))
        } else {
            old = sourcesOnly!.insertIfAbsent(key, packed).map { Entry(source: $0, ordinal: 0) }
        }
        guard let old else { return nil }
        if packed.file == Self.wide { wideSources.removeLast() }
        return old
    }

    /// `p` in 12 bytes.
    mutating func pack(_ p: Provenance) -> PackedSource {
        if p.record >= 0, p.line >= 0, p.record < Int(Self.wide), p.line < Int(Self.wide) {
            return PackedSource(file: number(of: p.file), record: UInt32(p.record), line: UInt32(p.line))
        }
        let at = UInt64(wideSources.count)
        wideSources.append(p)
        return PackedSource(file: Self.wide, record: UInt32(truncatingIfNeeded: at), line: UInt32(truncatingIfNeeded: at >> 32))
    }

    /// The provenance `s` was packed from.
    func unpack(_ s: PackedSource) -> Provenance {
        if s.file == Self.wide { return wideSources[Int(UInt64(s.line) << 32 | UInt64(s.record))] }
        return Provenance(file: fileNames[Int(s.file)], record: Int(s.record), line: Int(s.line))
    }

    private mutating func number(of file: String) -> UInt32 {
        if let last = lastFile, last.name == file { return last.number }
        let n: UInt32
        if let known = fileNumbers[file] {
            n = known
        } else {
            n = UInt32(fileNames.count)
            fileNames.append(file)
            fileNumbers[file] = n
        }
        lastFile = (file, n)
        return n
    }
}
