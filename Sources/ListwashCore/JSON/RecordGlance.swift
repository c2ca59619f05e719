/// What a pass-through stage reads of a line to decide it, without making a record: where the
/// email is in the line, where the record came from, and its reject if it was rejected upstream.
///
/// `dedupe` and `exclude` as commands decide nearly every line from its email alone and pass
/// it on as read (``PassThroughDeciding``). Making a ``ContactRecord`` for that, with its box
/// and a `String` for the email, then freeing both, was 14% of each stage on the benchmark.
public struct RecordGlance: Sendable {
    /// The email's bytes in the line (valid ASCII, no escapes, not empty), or nil when the line
    /// has no email (absent, `null` or empty).
    public var email: Range<Int>?
    /// The line's own `_src`.
    public var source: Provenance
    /// The reject, as a decode in part makes it (no `reason` or `fix` text, ``RecordFieldSet``).
    public var reject: Reject?

    /// Glances at `line`; nil when the line is not in the plain shape listwash writes for a
    /// record with only contact properties, a `_src` and maybe a `_reject`, or when it is not a
    /// record at all. The caller then decodes it (``ContactRecord/decode(jsonLine:fallback:files:wanted:)``),
    /// which reports any problem.
    ///
    /// Every member is checked exactly as the decode in part checks it, so a line glanced at is
    /// one the decode reads: with this email and `_src`, unchanged since decoding. The email
    /// must be plain ASCII here (an escaped or non-ASCII one is left to the decode).
    public static func read(_ line: UnsafeBufferPointer<UInt8>, files: FileNameCache) -> RecordGlance? {
        guard let base = line.baseAddress else { return nil }
        var s = JSONScanner(line)
        var email: Range<Int>?
        var source: Provenance?
        var reject: Reject?
        // Any error, or a member this reader leaves to the decode, ends the glance.
        let notPlain = JSONSyntaxError(column: 0, message: "not a plain line")
        do throws(JSONSyntaxError) {
            try s.members { (s, raw) throws(JSONSyntaxError) in
                switch RecordKey(raw) {
                case .email:
                    if s.consumeNull() { email = nil; break }
                    s.skipWhitespace()
                    guard s.peek() == UInt8(ascii: "\""), let bytes = try s.rawString() else { throw notPlain }
                    let start = bytes.baseAddress.map { $0 - base } ?? 0
                    email = bytes.isEmpty ? nil : start..<(start + bytes.count)
                case .firstName, .lastName, .phone, .customerAcctName:
                    try s.skipStringish()
                case .tags:
                    if s.consumeNull() { break }
                    try s.array { (s) throws(JSONSyntaxError) in try s.skipStringish() }
                case .source:
                    source = try ContactRecord.provenance(&s, files: files)
                case .reject:
                    // As in the decode, `null` leaves an earlier `_reject` in place.
                    if s.consumeNull() { break }
                    reject = try ContactRecord.reject(&s, files: files, texts: false)
                    // A code listwash does not know is made `row_malformed` by the decode.
                    if let r = reject, !ContactRecord.isKnown(r.code, files: files) { throw notPlain }
                default:
                    throw notPlain
                }
            }
            s.skipWhitespace()
            guard s.atEnd else { return nil }
        } catch {
            return nil
        }
        guard let source, source.isKnown else { return nil }
        return RecordGlance(email: email, source: source, reject: reject)
    }
}
