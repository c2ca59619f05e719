/// A stage that can decide a plain line (``RecordGlance/read(_:files:values:)``) from its
/// values alone, and write it on as read with a few values replaced, making no record.
///
/// `normalize` in a shell pipe decoded every record whole (box, a `String` per value, arrays)
/// and encoded again the 54 % it changed, nearly all of them only by lowercasing or trimming the
/// email: half of its time on the benchmark. As a command, such a stage is shown each plain line
/// value by value; when it accepts them all, the line is written with its ``LineEdits`` made,
/// and only the lines it does not accept are decoded and go through ``Stage/process(_:into:)``.
///
/// The contract: for a live line whose values the stage accepted, `process` of its record
/// would emit one live record that differs from it only in the values replaced, by exactly
/// those texts, with no note, change or reject added.
public protocol PlainLineRewriting: Stage {
    /// Whether this stage, as configured, decides plain lines (false: every line is decoded).
    var rewritesPlainLines: Bool { get }

    /// Starts a line: `line` is valid until ``acceptsPlainLine(hasEmail:edits:)`` returns.
    mutating func beginPlainLine(_ line: UnsafeBufferPointer<UInt8>)

    /// One value of the line; false when the record needs `process`. A value to replace is
    /// put in `edits`.
    mutating func acceptsPlainValue(_ value: PlainString, edits: inout LineEdits) -> Bool

    /// After every value was accepted: whether the line, with `edits` made, is what `process`
    /// emits for it. `hasEmail`: the line has a non-empty email.
    mutating func acceptsPlainLine(hasEmail: Bool, edits: inout LineEdits) -> Bool
}

/// Replacements of values inside a line, in the order of the line: what a
/// ``PlainLineRewriting`` stage changes in a line it decides.
public struct LineEdits {
    /// Where each replaced value is in the line, and where its new text is in `texts`.
    @usableFromInline var edits: [(range: Range<Int>, text: Range<Int>)] = []
    /// The new texts, escaped as ``JSONWriter`` escapes them, with their quotes.
    var texts = JSONWriter(capacity: 256)

    public init() {}

    /// Whether no value is replaced.
    @inlinable public var isEmpty: Bool { edits.isEmpty }

    /// Replaces the bytes at `range` (a string value's, inside its quotes) with `text`, escaped
    /// as the record writer escapes it. False, changing nothing, when `range` is not after the
    /// last replaced one.
    public mutating func replace(_ range: Range<Int>, with text: String) -> Bool {
        var text = text
        return text.withUTF8 { replace(range, utf8: $0) }
    }

    /// ``replace(_:with:)`` for text given as valid UTF-8 bytes.
    public mutating func replace(_ range: Range<Int>, utf8 text: UnsafeBufferPointer<UInt8>) -> Bool {
        if let last = edits.last, range.lowerBound < last.range.upperBound { return false }
        let start = texts.count
        texts.string(utf8: text)
        edits.append((range, (start + 1)..<(texts.count - 1)))
        return true
    }

    /// Forgets every replacement (keeping the storage).
    public mutating func removeAll() {
        guard !edits.isEmpty else { return }
        edits.removeAll(keepingCapacity: true)
        texts.bytes.removeAll(keepingCapacity: true)
    }

    /// Appends `line` with the replacements made, and a line feed, to `out`.
    public func write(_ line: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var at = 0
        texts.bytes.withUnsafeBufferPointer { texts in
            for e in edits {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: line[at..<e.range.lowerBound]))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: texts[e.text]))
                at = e.range.upperBound
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: line[at...]))
        out.append(0x0A)
    }
}

extension StageRunner where S: PlainLineRewriting {
    /// Decides `line` when it is plain and the stage accepts it (``PlainLineRewriting``): counts
    /// it and returns true, with `edits` holding what to replace, for the caller to write it on.
    /// An upstream reject is passed as read. False, counting nothing, when the line must be decoded.
    @inlinable
    public mutating func decidePlain(_ line: UnsafeBufferPointer<UInt8>, files: FileNameCache, edits: inout LineEdits) -> Bool {
        edits.removeAll()
        stage.beginPlainLine(line)
        guard let glance = RecordGlance.read(line, files: files, values: { value in
            stage.acceptsPlainValue(value, edits: &edits)
        }) else { return false }
        if glance.reject != nil {
            edits.removeAll()
        } else if !stage.acceptsPlainLine(hasEmail: glance.email != nil, edits: &edits) {
            return false
        }
        counted.input += 1
        counted.countOut(reject: glance.reject)
        return true
    }
}
