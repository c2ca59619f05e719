import ListwashCore

/// The bulk-import contact object a record's JSON line already holds, when it does: `listwash
/// batch` then copies it from the line instead of decoding every value into a `String` and
/// writing it again (decoding was about a third of `batch`).
///
/// A line holds it when it starts with the record contract's members in ``ContactPayload``'s
/// order, each spelled exactly as ``JSONWriter`` writes it, and `_src` follows them:
///
///     {"email":"ann@x.com","first_name":"Ann","tags":["vip"],"_src":{...},...}
///
/// - keys from `email`, `first_name`, `last_name`, `phone`, `customer_acct_name`, `tags`, in
///   that order, `email` first, each at most once, no whitespace;
/// - every value a non-empty string without a backslash (so without an escape: its bytes are
///   those the writer gives the decoded text; JSON allows no raw quote or control byte in a
///   string), and `tags` an array of such strings;
/// - anything else before `_src` (custom fields, lists, `_full_name`, an escape, an empty
///   value) means the line does not hold the object as written, and the record goes the
///   general way. What follows `_src` (`_extra`, `_notes`, `_changes`, `_merged`) is not part
///   of the contact object. The line as a whole has been checked by the decoder.
///
/// The object is the prefix up to `_src` closed with `}`, with `,"tags":[]` before it when the
/// line has no tags (the request always carries `tags`).
/// `ContactLineTests` hold it to ``ContactPayload``'s bytes for the decoded record.
struct ContactLine {
    /// The line from `{` up to (not including) the comma before `"_src"`.
    var prefix: UnsafeBufferPointer<UInt8>
    var hasTags: Bool

    /// The bytes the contact object takes.
    var count: Int { prefix.count + (hasTags ? 1 : Self.emptyTagsClose.utf8CodeUnitCount) }

    static let emptyTagsClose: StaticString = ",\"tags\":[]}"

    /// Appends the contact object.
    func write(to w: inout JSONWriter) {
        w.bytes.append(contentsOf: prefix)
        if hasTags { w.byte(UInt8(ascii: "}")) } else { w.raw(Self.emptyTagsClose) }
    }

    /// The members in order, as `"key":` bytes; the last is `tags`.
    private static let keys: [[UInt8]] = ["email", "first_name", "last_name", "phone", "customer_acct_name", "tags"]
        .map { Array("\"\($0)\":".utf8) }
    private static let source = Array(",\"_src\":".utf8)

    init?(_ line: UnsafeBufferPointer<UInt8>) {
        let n = line.count
        guard n > 0, line[0] == UInt8(ascii: "{") else { return nil }
        var i = 1
        var next = 0          // the first key still allowed
        var tags = false
        while true {
            if next > 0 {
                // After a member: `,"_src":` ends the object, anything else must be `,"key":`.
                if Self.matches(Self.source, in: line, at: i) { break }
                guard i < n, line[i] == UInt8(ascii: ",") else { return nil }
                i += 1
            }
            guard let k = Self.key(in: line, at: i, from: next) else { return nil }
            i += Self.keys[k].count
            if k == Self.keys.count - 1 {
                guard let end = Self.stringArray(in: line, at: i) else { return nil }
                i = end
                tags = true
            } else {
                guard let end = Self.plainString(in: line, at: i) else { return nil }
                i = end
            }
            next = k + 1
            if next == 1 && k != 0 { return nil }  // email first
        }
        prefix = UnsafeBufferPointer(rebasing: line[..<i])
        hasTags = tags
    }

    /// Which of the keys from `from` on starts at `i`.
    private static func key(in line: UnsafeBufferPointer<UInt8>, at i: Int, from: Int) -> Int? {
        for k in from..<keys.count where matches(keys[k], in: line, at: i) { return k }
        return nil
    }

    /// Whether `bytes` are at `i` in `line`.
    @inline(__always)
    private static func matches(_ bytes: [UInt8], in line: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + bytes.count <= line.count else { return false }
        return bytes.withUnsafeBufferPointer { ByteWord.same($0.baseAddress!, line.baseAddress! + i, count: $0.count) }
    }

    /// The end of a non-empty string without a backslash starting at `i`, or nil. Eight bytes
    /// at a time up to the first byte JSON escapes (``JSONEscaping``; in a line the decoder
    /// accepted, that is a quote or a backslash).
    private static func plainString(in line: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let n = line.count
        guard i < n, line[i] == UInt8(ascii: "\""), let base = line.baseAddress else { return nil }
        var j = i + 1
        while j + 8 <= n {
            let w = ByteWord.load(base + j)
            let stops = JSONEscaping.escapeMask(w)
            if stops != 0 { j += ByteWord.firstIndex(stops); break }
            j += 8
        }
        while j < n {
            let b = line[j]
            if b == UInt8(ascii: "\"") { return j > i + 1 ? j + 1 : nil }
            if b == UInt8(ascii: "\\") { return nil }
            j += 1
        }
        return nil
    }

    /// The end of `[...]` of plain strings (or `[]`) starting at `i`, or nil.
    private static func stringArray(in line: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i < line.count, line[i] == UInt8(ascii: "[") else { return nil }
        var j = i + 1
        if j < line.count, line[j] == UInt8(ascii: "]") { return j + 1 }
        while true {
            guard let end = plainString(in: line, at: j), end < line.count else { return nil }
            j = end
            if line[j] == UInt8(ascii: "]") { return j + 1 }
            guard line[j] == UInt8(ascii: ",") else { return nil }
            j += 1
        }
    }
}
