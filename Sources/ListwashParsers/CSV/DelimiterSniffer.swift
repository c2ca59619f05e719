/// Chooses the field delimiter of a CSV file among `,` `;` TAB `|` from its first records.
///
/// For each candidate, counts its occurrences outside quotes in each of the first
/// ``sampleRecords`` non-blank records. The candidate that appears in the header and splits
/// the most records into as many fields as the header wins; ties go to more fields, then to
/// the order `,` `;` TAB `|`. A file where no candidate appears (one column) reads as `,`.
public enum DelimiterSniffer {
    public static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
    public static let sampleRecords = 20

    /// The delimiter for a sample of the file's start (UTF-8, BOM already removed);
    /// `isWholeInput` says the sample is the whole file, so its last line is complete.
    public static func sniff(_ sample: UnsafeBufferPointer<UInt8>, isWholeInput: Bool = false, quote: UInt8 = 0x22) -> UInt8 {
        var counts: [[Int]] = []  // per record, per candidate
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasBytes = false
        var i = 0
        while i < sample.count && counts.count < sampleRecords {
            let b = sample[i]
            if b == quote {
                inQuotes.toggle()
            } else if !inQuotes && (b == 0x0A || b == 0x0D) {
                if lineHasBytes { counts.append(current) }
                current = [Int](repeating: 0, count: candidates.count)
                lineHasBytes = false
                i += 1
                continue
            } else if !inQuotes, let k = candidates.firstIndex(of: b) {
                current[k] += 1
            }
            lineHasBytes = true
            i += 1
        }
        // A last record cut by the sample's end is left out unless it is the only one.
        if lineHasBytes && counts.count < sampleRecords && (counts.isEmpty || isWholeInput && !inQuotes) { counts.append(current) }
        guard let header = counts.first else { return candidates[0] }
        var best: (index: Int, consistent: Int, fields: Int)?
        for k in candidates.indices where header[k] > 0 {
            let consistent = counts.dropFirst().filter { $0[k] == header[k] }.count
            if let b = best, (b.consistent, b.fields) >= (consistent, header[k]) { continue }
            best = (k, consistent, header[k])
        }
        return candidates[best?.index ?? 0]
    }
}
