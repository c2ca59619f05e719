/// Which value of a plain line a ``PlainString`` is.
public enum PlainValue: Sendable, Equatable {
    case email, firstName, lastName, phone, customerAcctName
    /// One element of `tags`.
    case tag
}

/// A string value of a plain line, as ``RecordGlance/read(_:files:values:)`` hands it over.
public struct PlainString {
    public var kind: PlainValue
    /// The bytes inside the quotes, as written (escapes included).
    public var bytes: UnsafeBufferPointer<UInt8>
    /// Where `bytes` are in the line.
    public var range: Range<Int>
    /// Whether `bytes` are ASCII (false for an escaped string).
    public var ascii: Bool
    /// The text, made only for a string with escapes (nil: `bytes` are the text, valid UTF-8).
    public var unescaped: String?
}

extension RecordGlance {
    /// ``read(_:files:)`` for a stage that looks at every value of a plain line
    /// (``PlainLineRewriting``): each contact property's value and each tag is handed to
    /// `visit` (``PlainString``). Nil when the line is not plain, or when `visit` returns false
    /// for a value.
    ///
    /// A plain line here is stricter than for ``read(_:files:)``: every value is a JSON string
    /// or `null`; a number, a boolean or a `null` tag is left to the decode. A string is checked
    /// as the decode checks it (valid UTF-8, valid escapes), and one with escapes is handed over
    /// decoded too. The glance's ``email`` is where the last email value is, which may hold
    /// non-ASCII bytes or escapes here.
    public static func read(
        _ line: UnsafeBufferPointer<UInt8>, files: FileNameCache,
        values visit: (PlainString) -> Bool
    ) -> RecordGlance? {
        // The member loop, `_src`, `_reject` and the end repeat ``read(_:files:)``'s: sharing
        // them through an inlined frame taking each reader's member handling as a closure cost
        // `dedupe`, `exclude` and `batch` 1.4–2.9 % more instructions (measured, profile
        // refreshed both ways), and those three read every line through that glance.
        guard let base = line.baseAddress else { return nil }
        var s = JSONScanner(line)
        var email: Range<Int>?
        var source: Provenance?
        var reject: Reject?
        let notPlain = JSONSyntaxError(column: 0, message: "not a plain line")
        // A value's bytes and where they are, or `notPlain`.
        func string(_ s: inout JSONScanner, _ kind: PlainValue) throws(JSONSyntaxError) -> Range<Int> {
            let value: PlainString
            if let v = try s.plainString() {
                let start = v.bytes.baseAddress.map { $0 - base } ?? 0
                value = PlainString(kind: kind, bytes: v.bytes, range: start..<(start + v.bytes.count), ascii: v.ascii, unescaped: nil)
            } else {
                // Escaped (a tab, a quote in a company name): decoded as the decode does.
                let start = s.position + 1
                let text = try s.string()
                let range = start..<(s.position - 1)
                value = PlainString(kind: kind, bytes: UnsafeBufferPointer(rebasing: line[range]), range: range, ascii: false, unescaped: text)
            }
            guard visit(value) else { throw notPlain }
            return value.range
        }
        do throws(JSONSyntaxError) {
            try s.members { (s, raw) throws(JSONSyntaxError) in
                let kind: PlainValue
                switch RecordKey(raw) {
                case .email: kind = .email
                case .firstName: kind = .firstName
                case .lastName: kind = .lastName
                case .phone: kind = .phone
                case .customerAcctName: kind = .customerAcctName
                case .tags:
                    if s.consumeNull() { return }
                    try s.array { (s) throws(JSONSyntaxError) in _ = try string(&s, .tag) }
                    return
                case .source:
                    source = try ContactRecord.provenance(&s, files: files)
                    return
                case .reject:
                    // As in the decode, `null` leaves an earlier `_reject` in place.
                    if s.consumeNull() { return }
                    reject = try ContactRecord.reject(&s, files: files, texts: false)
                    // A code listwash does not know is made `row_malformed` by the decode.
                    if let r = reject, !ContactRecord.isKnown(r.code, files: files) { throw notPlain }
                    return
                default:
                    throw notPlain
                }
                if s.consumeNull() {
                    if kind == .email { email = nil }
                    return
                }
                let range = try string(&s, kind)
                if kind == .email { email = range.isEmpty ? nil : range }
            }
            s.skipWhitespace()
            guard s.atEnd else { return nil }
        } catch {
            return nil
        }
        guard let source else { return nil }
        return RecordGlance(email: email, source: source, reject: reject)
    }
}
