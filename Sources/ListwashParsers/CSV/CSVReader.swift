import ListwashCore

/// The raw CSV layer: UTF-8 bytes in, records of fields out, one record at a time, with the
/// physical line and column where each record and each field starts.
///
/// A byte-level state machine over the chunks of a ``UTF8ChunkSource`` (1 MiB from a file):
/// the whole file is never held, only the current record's bytes plus one chunk. Written by
/// hand because no Swift CSV library streams with positions, and because the hot path (the
/// unquoted field) must be a tight scan over an `UnsafeBufferPointer` with no String per byte.
///
/// Dialect, as RFC 4180 with the leniencies of Python's `csv` module (what csvkit and the
/// corpus expect):
/// - records end with LF, CRLF or a lone CR (all three may mix); inside quotes they are data;
/// - a field starting with `"` is quoted: `""` inside it is one `"`, delimiters and line breaks
///   are data; text after the closing quote is kept as written (`"ab"c` reads `abc`);
/// - a `"` inside an unquoted field is an ordinary character;
/// - nothing is trimmed: whitespace is data;
/// - a line with no bytes at all is reported as a blank record (``isBlank``), zero fields;
/// - a record that ends inside quotes at the end of input is returned with
///   ``Problem/unterminatedQuote(line:column:)``, holding the fields before the quoted one and
///   the quoted field's text up to the end of the quote's line; reading then resumes on the
///   line after the opening quote, so one stray quote costs one record, not the rest of the file;
/// - a record longer than ``Options/maxRecordBytes`` or with more than ``Options/maxFields``
///   fields is cut (``Problem/tooLong(limit:)``, ``Problem/tooManyFields(limit:)``): inside
///   quotes it resumes like an unterminated quote, otherwise on the next line.
///
/// Columns are 1-based byte offsets in the UTF-8 text of the line (as compilers report them).
public final class CSVReader {
    /// Reading choices.
    public struct Options: Sendable {
        /// The field separator (one ASCII byte).
        public var delimiter: UInt8
        public var quote: UInt8 = 0x22
        /// Longest record kept in memory; longer ones are cut and reported.
        public var maxRecordBytes = 16 << 20
        /// Most fields per record; more are cut and reported.
        public var maxFields = 1 << 18

        public init(delimiter: UInt8 = 0x2C) { self.delimiter = delimiter }
    }

    /// Why the current record could not be read as written.
    public enum Problem: Sendable, Hashable {
        /// A quoted field opened at `line`:`column` never closed before the end of input.
        case unterminatedQuote(line: Int, column: Int)
        /// A quoted field opened at `line`:`column` ran over line breaks and left the record with
        /// the wrong number of fields, or with text after its closing quote: most likely a stray
        /// quote. The record was cut at the end of that line and reading resumed on the next
        /// (``cutAtFirstQuotedLineBreak()``).
        case strayQuote(line: Int, column: Int)
        /// The record exceeded ``Options/maxRecordBytes``.
        case tooLong(limit: Int)
        /// The record exceeded ``Options/maxFields``.
        case tooManyFields(limit: Int)
    }

    /// Line terminators seen so far, outside quoted fields.
    public struct LineEndings: Sendable, Hashable {
        public var lf = 0, crlf = 0, cr = 0

        /// `LF`, `CRLF`, `CR`, `none`, or `mixed (LF 3, CRLF 1)`.
        public var description: String {
            let kinds = [("LF", lf), ("CRLF", crlf), ("CR", cr)].filter { $0.1 > 0 }
            if kinds.isEmpty { return "none" }
            if kinds.count == 1 { return kinds[0].0 }
            return "mixed (" + kinds.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
        }
    }

    public let options: Options
    private let source: any UTF8ChunkSource
    /// All scanning state lives in one struct, so the hot loop pays one exclusivity check per
    /// record instead of one per field access (class properties are checked dynamically).
    private var core: Core

    public init(source: any UTF8ChunkSource, options: Options = Options()) {
        self.source = source
        self.options = options
        core = Core(source: source, options: options)
    }

    /// One field of the current record: where its unescaped bytes are in the record's data, and
    /// where it starts in the input.
    public struct Field: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var line: Int
        public var column: Int
        public var quoted: Bool
    }

    /// The number of fields of the current record.
    public var fieldCount: Int { core.ended }
    /// Physical line where the current record starts.
    public var recordLine: Int { core.recordLine }
    /// Whether the current record is an empty line (no fields at all).
    public var isBlank: Bool { core.isBlank }
    /// Why the current record could not be read as written, if so.
    public var problem: Problem? { core.problem }
    /// Line terminators seen so far, outside quoted fields.
    public var lineEndings: LineEndings { core.lineEndings }
    /// The current record's fields (positions, quoting).
    public var fieldInfo: ArraySlice<Field> { core.fields[0..<core.ended] }
    /// Physical line and column where each field starts.
    public var fieldLines: [Int] { fieldInfo.map(\.line) }
    public var fieldColumns: [Int] { fieldInfo.map(\.column) }
    /// Whether each field was quoted.
    public var fieldQuoted: [Bool] { fieldInfo.map(\.quoted) }

    /// Calls `body` with a view of the current record: one access for all its fields, which is
    /// how parsers should read it (per-field calls on the reader each pay an exclusivity check).
    public func withRecord<R>(_ body: (CSVRecordView) throws -> R) rethrows -> R {
        try core.data.withUnsafeBufferPointer { data in
            try core.fields.withUnsafeBufferPointer { fields in
                try body(CSVRecordView(data: data, fields: UnsafeBufferPointer(rebasing: fields[0..<core.ended])))
            }
        }
    }

    /// The bytes of field `i` of the current record.
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withRecord { try body($0.bytes(i)) }
    }

    /// Whether field `i` is empty.
    public func fieldIsEmpty(_ i: Int) -> Bool { withRecord { $0.isEmpty(i) } }

    /// Field `i` as a String, or nil when its bytes are not valid UTF-8.
    public func string(_ i: Int) -> String? { withRecord { $0.string(i) } }

    /// Every field of the current record, invalid UTF-8 shown with U+FFFD (tests and tools only:
    /// parsers use ``string(_:)`` and reject instead).
    public func fields() -> [String] {
        (0..<fieldCount).map { i in withField(i) { String(decoding: $0, as: UTF8.self) } }
    }

    /// Reads the next record (or blank line); false at the end of input.
    public func next() throws(InputError) -> Bool {
        try core.next()
    }

    /// Whether the current record holds a line break inside a quoted field.
    public var spansLinesInQuotes: Bool { core.firstBreak != nil }

    /// Whether a quoted field of the current record that holds a line break has text after its
    /// closing quote: not RFC 4180, and the mark of a stray opening quote that swallowed rows
    /// (the field count may still come out right).
    public var hasTextAfterSpanningQuote: Bool { core.textAfterSpanningQuote }

    /// Cuts the current record at its first line break inside quotes, as if the quote that
    /// opened that field were stray (``Problem/strayQuote(line:column:)``), and re-reads the
    /// input from the next line. For a caller that finds the record's field count wrong: a
    /// stray opening quote otherwise swallowed every row up to the next quote in the file.
    /// False, changing nothing, when the record has no such line break.
    @discardableResult
    public func cutAtFirstQuotedLineBreak() -> Bool { core.cutAtFirstQuotedLineBreak() }

    /// The scanner: input window, position and the current record.
    struct Core {
        let source: any UTF8ChunkSource
        let options: Options

        // Input window: `buf[pos...]` is unread; `buf[recordStart..<pos]` is the current record.
        var buf: [UInt8] = []
        var pos = 0
        var recordStart = 0
        var eof = false
        var line = 1
        var lineStart = 0

        // The current record.
        /// The unescaped bytes of every field, back to back; field `i` ends at ``fieldEnds``[i].
        var data: [UInt8] = []
        var fields: [Field] = []
        /// How many of ``fields`` have ended (the last one may still be open while scanning).
        var ended = 0
        /// Physical line and column where each field starts.

        /// Whether each field was quoted.

        /// Physical line where the current record starts.
        var recordLine = 0
        /// Whether the current record is an empty line (no fields at all).
        var isBlank = false
        var problem: Problem?
        var lineEndings = LineEndings()

        enum State { case fieldStart, unquoted, quoted, afterQuote }
        var state = State.fieldStart
        /// The first line break inside quotes in the current record: where reading resumes, the
        /// record's data and fields up to it, and the quote that opened its field.
        var firstBreak: (offset: Int, data: Int, field: Int, quoteLine: Int, quoteColumn: Int)?
        var lineEndingsAtRecordStart = LineEndings()
        // The open quoted field: where its quote is, and the first line break inside it.
        var quoteLine = 0, quoteColumn = 0
        var quoteBreakOffset: Int?     // buffer offset just after the first line break in the field
        var quoteBreakData = 0         // `data.count` at that line break
        /// Whether a quoted field of the current record that ran over a line break has text
        /// after its closing quote (`"Ann⏎b@x.com,Bob "the builder"`): its opening quote was
        /// most likely stray, and the "field" swallowed whole rows.
        var textAfterSpanningQuote = false

        init(source: any UTF8ChunkSource, options: Options) {
            self.source = source
            self.options = options
            data.reserveCapacity(4096)
        }

        mutating func next() throws(InputError) -> Bool {
            data.removeAll(keepingCapacity: true)
            fields.removeAll(keepingCapacity: true)
            ended = 0
            problem = nil
            isBlank = false
            firstBreak = nil
            textAfterSpanningQuote = false
            lineEndingsAtRecordStart = lineEndings
            state = .fieldStart
            recordStart = pos
            recordLine = line
            if pos == buf.count {
                if !eof { try refill() }
                if pos == buf.count { return false }
            }
            beginField(quoted: false)
            while true {
                if pos == buf.count && eof { return try finishAtEnd() }
                if scan() { return true }
                if pos - recordStart > options.maxRecordBytes { return try cut(.tooLong(limit: options.maxRecordBytes)) }
                if ended >= options.maxFields { return try cut(.tooManyFields(limit: options.maxFields)) }
                if !eof { try refill() }
            }
        }

        // MARK: - Scanning

        /// Scans from `pos` until the record ends (true) or the buffer needs more bytes (false).
        private mutating func scan() -> Bool {
            let delim = options.delimiter, quote = options.quote
            let delimWord = ByteWord.repeated(delim), lfWord = ByteWord.repeated(0x0A), crWord = ByteWord.repeated(0x0D)
            let count = buf.count
            let stopAt = eof ? count : (buf[count - 1] == 0x0D ? count - 1 : count)
            let window = buf  // scanned while self (the record) is mutated; shares storage, no copy
            return window.withUnsafeBufferPointer { p -> Bool in
                while pos < stopAt {
                    switch state {
                    case .fieldStart:
                        if p[pos] == quote {
                            fields[fields.count - 1].quoted = true
                            quoteLine = line
                            quoteColumn = pos - lineStart + 1
                            quoteBreakOffset = nil
                            pos += 1
                            state = .quoted
                        } else {
                            state = .unquoted
                        }
                    case .unquoted, .afterQuote:
                        var i = pos
                        // Eight bytes at a time while none of them ends the field (most of a
                        // line); the byte loop below finds the exact stop.
                        if let base = p.baseAddress {
                            while i + 8 <= stopAt {
                                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                                if Self.hasByte(w, delimWord) || Self.hasByte(w, lfWord) || Self.hasByte(w, crWord) { break }
                                i += 8
                            }
                        }
                        while i < stopAt {
                            let b = p[i]
                            if b == delim || b == 0x0A || b == 0x0D { break }
                            i += 1
                        }
                        if i > pos {
                            data.appendBytes(UnsafeBufferPointer(rebasing: p[pos..<i]))
                            if state == .afterQuote && quoteBreakOffset != nil { textAfterSpanningQuote = true }
                        }
                        pos = i
                        if i == stopAt { return false }
                        if p[i] == delim {
                            endField()
                            pos += 1
                            beginField(quoted: false)
                            state = .fieldStart
                            if ended >= options.maxFields { return false }
                        } else {
                            let wasEmpty = ended == 0 && data.isEmpty && !fields[0].quoted
                            endField()
                            endLine(p, at: i, count: count)
                            if wasEmpty {
                                isBlank = true
                                fields.removeAll(keepingCapacity: true)
                                ended = 0
                            }
                            return true
                        }
                    case .quoted:
                        var i = pos
                        while i < stopAt {
                            let b = p[i]
                            if b == quote { break }
                            if b == 0x0A || b == 0x0D {
                                // A line break inside the field: data, but it moves the position.
                                var next = i + 1
                                if b == 0x0D && next < count && p[next] == 0x0A { next += 1 }
                                data.appendBytes(UnsafeBufferPointer(rebasing: p[pos..<next]))
                                if quoteBreakOffset == nil {
                                    quoteBreakOffset = next
                                    quoteBreakData = data.count - (next - i)
                                    if firstBreak == nil {
                                        firstBreak = (next, quoteBreakData, fields.count - 1, quoteLine, quoteColumn)
                                    }
                                }
                                line += 1
                                lineStart = next
                                pos = next
                                i = next
                                continue
                            }
                            i += 1
                        }
                        if i > pos { data.appendBytes(UnsafeBufferPointer(rebasing: p[pos..<i])) }
                        pos = i
                        if i == stopAt { return false }
                        pos += 1
                        state = .afterQuote
                        // `""` inside quotes is one quote: look at the next byte.
                        if pos < count && p[pos] == quote {
                            data.append(quote)
                            pos += 1
                            state = .quoted
                        } else if pos == count && !eof {
                            // Undecided until the next chunk: step back and wait for it.
                            pos -= 1
                            state = .quoted
                            return false
                        }
                    }
                }
                return false
            }
        }

        /// Whether one of the eight bytes of `w` is the byte repeated in `pattern` (``ByteWord``).
        @inline(__always) private static func hasByte(_ w: UInt64, _ pattern: UInt64) -> Bool {
            ByteWord.equal(w, to: pattern) != 0
        }

        private mutating func beginField(quoted: Bool) {
            fields.append(Field(start: data.count, end: data.count, line: line, column: pos - lineStart + 1, quoted: quoted))
        }

        private mutating func endField() {
            fields[ended].end = data.count
            ended += 1
        }

        /// Consumes the line terminator at `i` (LF, CRLF or CR) and counts it.
        private mutating func endLine(_ p: UnsafeBufferPointer<UInt8>, at i: Int, count: Int) {
            if p[i] == 0x0A {
                lineEndings.lf += 1
                pos = i + 1
            } else if i + 1 < count && p[i + 1] == 0x0A {
                lineEndings.crlf += 1
                pos = i + 2
            } else {
                lineEndings.cr += 1
                pos = i + 1
            }
            line += 1
            lineStart = pos
        }

        /// End of input inside a record.
        private mutating func finishAtEnd() throws(InputError) -> Bool {
            if state == .quoted {
                return try cut(.unterminatedQuote(line: quoteLine, column: quoteColumn))
            }
            endField()
            return true
        }

        /// Ends the current record early with `problem`, and positions the input where reading
        /// resumes: after the first line break of an open quoted field, else after the current line.
        private mutating func cut(_ problem: Problem) throws(InputError) -> Bool {
            self.problem = problem
            if state == .quoted, let resume = quoteBreakOffset {
                // Keep the quoted field's text up to its first line break; re-read what follows.
                data.removeSubrange(quoteBreakData...)
                endField()
                pos = resume
                line = quoteLine + 1
                lineStart = resume
                return true
            }
            if case .unterminatedQuote = problem {
                endField()  // the quote was opened on the last line: everything up to the end is the field
                return true
            }
            // Drop the unfinished field and skip to the next line break.
            if ended < fields.count {
                data.removeSubrange(fields[fields.count - 1].start...)
                endField()
            }
            try skipLine()
            return true
        }

        mutating func cutAtFirstQuotedLineBreak() -> Bool {
            guard let b = firstBreak else { return false }
            data.removeSubrange(b.data...)
            fields.removeSubrange((b.field + 1)...)
            fields[b.field].end = data.count
            ended = b.field + 1
            // Before the first line break in quotes the record had no line break at all, so the
            // quote is on the record's first line, and no line ending was counted in it yet.
            pos = b.offset
            line = b.quoteLine + 1
            lineStart = b.offset
            lineEndings = lineEndingsAtRecordStart
            problem = .strayQuote(line: b.quoteLine, column: b.quoteColumn)
            firstBreak = nil
            quoteBreakOffset = nil
            textAfterSpanningQuote = false
            state = .fieldStart
            return true
        }

        /// Skips input up to and including the next line break, without keeping it.
        private mutating func skipLine() throws(InputError) {
            while true {
                if let nl = buf[pos...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                    pos = nl
                    if buf[nl] == 0x0D && nl + 1 == buf.count && !eof {
                        recordStart = pos
                        try refill()
                    }
                    let at = pos
                    let window = buf
                    window.withUnsafeBufferPointer { endLine($0, at: at, count: $0.count) }
                    return
                }
                pos = buf.count
                if eof { return }
                recordStart = pos
                try refill()
            }
        }

        /// Drops the bytes before the current record and reads the next chunk.
        private mutating func refill() throws(InputError) {
            if recordStart > 0 && recordStart >= buf.count / 2 || recordStart == buf.count {
                buf.removeSubrange(0..<recordStart)
                pos -= recordStart
                lineStart -= recordStart
                if let q = quoteBreakOffset { quoteBreakOffset = q - recordStart }
                if firstBreak != nil { firstBreak!.offset -= recordStart }
                recordStart = 0
            }
            if try source.read(into: &buf) == 0 { eof = true }
        }
    }
}

/// The current record of a ``CSVReader``, valid only inside ``CSVReader/withRecord(_:)``.
public struct CSVRecordView {
    /// The unescaped bytes of every field, back to back.
    public let data: UnsafeBufferPointer<UInt8>
    public let fields: UnsafeBufferPointer<CSVReader.Field>

    public var count: Int { fields.count }

    @inline(__always) public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: data[fields[i].start..<fields[i].end])
    }

    @inline(__always) public func isEmpty(_ i: Int) -> Bool { fields[i].start == fields[i].end }

    /// Field `i` as a String, or nil when its bytes are not valid UTF-8 (never replaced).
    public func string(_ i: Int) -> String? {
        // Checked first and then decoded, although `String(decoding:)` checks again:
        // `String(validating:as:)` is generic over the code units and is not specialized for
        // a byte buffer, so it looked up type metadata for every field (10 % more instructions
        // for all of `listwash run`).
        let b = bytes(i)
        return TextDecoding.isValidUTF8(b) ? String(decoding: b, as: UTF8.self) : nil
    }

    /// Whether field `i` is the unquoted marker `NULL` (a missing value in database exports;
    /// csv-spectrum's `null` case). A quoted `"NULL"` is the text NULL.
    public func isNullMarker(_ i: Int) -> Bool {
        guard !fields[i].quoted else { return false }
        let b = bytes(i)
        return b.count == 4 && b[0] == 0x4E && b[1] == 0x55 && b[2] == 0x4C && b[3] == 0x4C
    }
}
