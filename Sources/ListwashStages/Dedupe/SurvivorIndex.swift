import ListwashCore

/// The index of streaming dedupe (`merge: first`): one entry per unique key, never the records.
///
/// An entry is the key's 128-bit ``Fingerprint128`` and the survivor's provenance packed into
/// 12 bytes (file number, record, line; the file names are kept once each): a 32-byte slot.
/// With the table between 37.5% and 75% full, that is 43 to 85 bytes per unique contact
/// (measured: Benchmarks/dedupe/README.md). A record or line number above 4,294,967,294 does
/// not fit; such survivors are kept whole in a side table, so nothing is lost.
struct SurvivorIndex {
    struct Entry {
        var file: UInt32
        var record: UInt32
        var line: UInt32
    }

    private static let wide = UInt32.max
    private var table = FingerprintTable<Entry>(filler: Entry(file: 0, record: 0, line: 0))
    private var fileNames: [String] = []
    private var fileNumbers: [String: UInt32] = [:]
    private var lastFile: (name: String, number: UInt32)?
    private var wideEntries: [Fingerprint128: Provenance] = [:]

    var count: Int { table.count }
    var bytes: Int { table.bytes }

    /// Records `source` as the survivor of `key` unless the key is known; returns the survivor
    /// already recorded, or nil when the key is new.
    mutating func insert(_ key: Fingerprint128, source: Provenance) -> Provenance? {
        let entry: Entry
        if source.record >= 0, source.line >= 0, source.record < Int(Self.wide), source.line < Int(Self.wide) {
            entry = Entry(file: number(of: source.file), record: UInt32(source.record), line: UInt32(source.line))
        } else {
            entry = Entry(file: Self.wide, record: Self.wide, line: Self.wide)
        }
        guard let old = table.insertIfAbsent(key, entry) else {
            if entry.file == Self.wide { wideEntries[key] = source }
            return nil
        }
        if old.file == Self.wide { return wideEntries[key] }
        return Provenance(file: fileNames[Int(old.file)], record: Int(old.record), line: Int(old.line))
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
