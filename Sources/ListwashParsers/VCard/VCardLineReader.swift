#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ListwashCore

/// One unfolded content line and where its pieces came from, so a problem found at a byte
/// offset can be reported at its physical line and column.
struct VCardLogicalLine {
    /// A piece of the logical line: its offset in ``bytes``, its physical line, and the column
    /// of its first byte there (2 after a folding space that was removed).
    struct Segment {
        var offset: Int
        var line: Int
        var column: Int
    }

    var bytes: [UInt8] = []
    var segments: [Segment] = []
    /// The line was longer than ``VCardLineReader/maxLineBytes`` and holds only its start.
    var cut = false

    /// The physical line the logical line starts on.
    var line: Int { segments.first?.line ?? 0 }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        segments.removeAll(keepingCapacity: true)
        cut = false
    }

    /// The physical line and 1-based column of byte `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var seg = segments.first ?? Segment(offset: 0, line: 0, column: 1)
        for s in segments where s.offset <= offset { seg = s }
        return (seg.line, seg.column + offset - seg.offset)
    }
}

/// Splits a vCard byte stream into logical lines: physical lines end in LF, CRLF, CR CR LF or
/// a lone CR (the first line ending decides; in LF-terminated files a lone CR is data, as in
/// Thunderbird's export), folded lines (leading space or tab) are joined, and vCard 2.1
/// quoted-printable values continue over `=` soft line breaks.
///
/// A card indented as a whole (pasted from a mail or a document: `  BEGIN:VCARD`, `  FN:Two`)
/// is read with its indentation removed: the blanks before its `BEGIN:VCARD` are the card's
/// indent, a line starting with the indent and then a non-blank byte is a line of its own, one
/// with more blanks a folded continuation. RFC 6350 has no indented cards; read by the folding
/// rule alone, such a card joined the `END:VCARD` before it and vanished. Holds one chunk plus the current
/// line, whatever the file size, and at most ``maxLineBytes`` of a line (a longer one is cut,
/// the rest read past without being kept).
struct VCardLineReader {
    /// The most of one logical line kept: 16 MiB, as the CSV reader's record limit. Only an
    /// embedded photo or sound comes near it, and those values are never read.
    static let maxLineBytes = 16 << 20

    /// The line-ending style, decided at the first line ending.
    enum LineEnding: String {
        case lf, crlf, crcrlf, cr
    }

    private let stream: VCardByteStream
    private var buffer: [UInt8] = []
    private var pos = 0
    private var eof = false
    /// The physical line most recently read (1-based).
    private(set) var lineNumber = 0
    private(set) var lineEnding: LineEnding?
    /// The blanks before the current card's `BEGIN:VCARD` (empty for a card not indented).
    private var indent: [UInt8] = []

    init(stream: VCardByteStream) {
        self.stream = stream
        buffer.reserveCapacity(ByteInput.chunkSize * 2)
    }

    /// Reads the next logical line into `line`; false at the end of input.
    mutating func next(into line: inout VCardLogicalLine) throws -> Bool {
        line.reset()
        let startsIndented = try !indent.isEmpty && nextLineStartsWithIndent()
        if startsIndented { pos += indent.count }
        guard try readPhysical(into: &line.bytes, cut: &line.cut) else { return false }
        line.segments.append(.init(offset: 0, line: lineNumber, column: startsIndented ? indent.count + 1 : 1))
        Self.dropByteOrderMark(of: &line)
        if !startsIndented { takeIndent(of: &line) }
        var quotedPrintable: Bool?
        while true {
            if line.bytes.last == UInt8(ascii: "=") {
                if quotedPrintable == nil { quotedPrintable = Self.declaresQuotedPrintable(line.bytes) }
                if quotedPrintable == true, try !nextLineStartsCardBoundary() {
                    // RFC 2045: the line after a soft break is content as written, leading
                    // blanks included (quoted-printable is not folded).
                    line.bytes.removeLast()
                    let offset = line.bytes.count
                    guard try readPhysical(into: &line.bytes, cut: &line.cut) else { return true }
                    line.segments.append(.init(offset: offset, line: lineNumber, column: 1))
                    continue
                }
            }
            guard let b = try peekByte(), b == 0x20 || b == 0x09, try !nextLineIsIndentedBoundary() else { return true }
            // In an indented card, the indent and one more blank fold a line; the indent and
            // anything else start the next line.
            var skip = 1
            if !indent.isEmpty, try nextLineStartsWithIndent() {
                guard try ensure(indent.count + 1) > indent.count, buffer[pos + indent.count] == 0x20 || buffer[pos + indent.count] == 0x09 else { return true }
                skip = indent.count + 1
            }
            pos += skip
            let offset = line.bytes.count
            guard try readPhysical(into: &line.bytes, cut: &line.cut) else { return true }
            line.segments.append(.init(offset: offset, line: lineNumber, column: skip + 1))
        }
    }

    /// Whether the next physical line starts with the current card's indent.
    private mutating func nextLineStartsWithIndent() throws -> Bool {
        guard try ensure(indent.count) == indent.count else { return false }
        return buffer[pos..<(pos + indent.count)].elementsEqual(indent)
    }

    /// Whether the next physical line is blanks and then `BEGIN:VCARD` or `END:VCARD`: an
    /// indented card's boundary, never the folded continuation of the line before it.
    private mutating func nextLineIsIndentedBoundary() throws -> Bool {
        let available = try ensure(64 + 11)
        return buffer.withUnsafeBufferPointer { p in
            var i = pos
            let end = pos + available
            while i < end && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
            return i < end && VCardKeyword.isCardBoundary(UnsafeBufferPointer(rebasing: p[i..<end]))
        }
    }

    /// At a line that is blanks and then `BEGIN:VCARD`: the blanks become the card's indent
    /// and leave the line. At an unindented `BEGIN:VCARD`: the card has no indent.
    private mutating func takeIndent(of line: inout VCardLogicalLine) {
        let blanks = line.bytes.prefix { $0 == 0x20 || $0 == 0x09 }.count
        let isBegin = line.bytes.withUnsafeBufferPointer { VCardKeyword.hasPrefix(UnsafeBufferPointer(rebasing: $0[blanks...]), "BEGIN:VCARD") }
        guard isBegin else { return }
        indent = Array(line.bytes.prefix(blanks))
        guard blanks > 0 else { return }
        line.bytes.removeFirst(blanks)
        line.segments[0].column += blanks
    }

    /// A UTF-8 byte order mark at the start of a line is the start of another file: exports
    /// joined with `cat` (one .vcf per contact, as iOS shares them and as a folder of Outlook
    /// cards is merged) carry each file's BOM before its `BEGIN:VCARD`. Read as text, that line
    /// was no `BEGIN:VCARD`, and the whole card became stray text. A UTF-16 file's later BOM
    /// arrives here transcoded to the same three bytes.
    private static func dropByteOrderMark(of line: inout VCardLogicalLine) {
        guard line.bytes.starts(with: UTF8ByteOrderMark.bytes) else { return }
        line.bytes.removeFirst(UTF8ByteOrderMark.bytes.count)
        line.segments[0].column += UTF8ByteOrderMark.bytes.count
    }

    /// Whether the parameters (the part before the first ':') name QUOTED-PRINTABLE.
    static func declaresQuotedPrintable(_ bytes: [UInt8]) -> Bool {
        let end = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
        let needle = Array("QUOTED-PRINTABLE".utf8)
        guard end >= needle.count else { return false }
        var i = 0
        while i + needle.count <= end {
            var j = 0
            while j < needle.count && (bytes[i + j] & 0xDF == needle[j] || bytes[i + j] == needle[j]) { j += 1 }
            if j == needle.count { return true }
            i += 1
        }
        return false
    }

    /// A quoted-printable value never swallows the card's end: a broken `=` at the end of the
    /// last line must not hide `END:VCARD` (or the next `BEGIN:VCARD`), nor an `EMAIL` or `TEL`
    /// line (``VCardKeyword/startsContactProperty(_:)``): joined into a name, the card lost its
    /// address and came out as `email_missing` with no hint why.
    private mutating func nextLineStartsCardBoundary() throws -> Bool {
        let available = try ensure(80)
        guard available > 0 else { return true }
        return buffer.withUnsafeBufferPointer { p in
            var s = UnsafeBufferPointer(rebasing: p[pos..<(pos + available)])
            s = UTF8ByteOrderMark.dropped(from: s)
            return VCardKeyword.isCardBoundary(s) || VCardKeyword.startsContactProperty(s)
        }
    }

    private mutating func peekByte() throws -> UInt8? {
        try ensure(1) > 0 ? buffer[pos] : nil
    }

    /// Makes up to `n` bytes available at `pos`; returns how many are.
    private mutating func ensure(_ n: Int) throws -> Int {
        while buffer.count - pos < n && !eof { try fill() }
        return min(n, buffer.count - pos)
    }

    private mutating func fill() throws {
        if pos > 0 {
            buffer.removeSubrange(0..<pos)
            pos = 0
        }
        if try stream.read(into: &buffer) == 0 { eof = true }
    }

    /// Appends the next physical line (without its ending) to `out`, keeping `out` within
    /// ``maxLineBytes`` (setting `cut` when bytes were left out); false at the end of input.
    private mutating func readPhysical(into out: inout [UInt8], cut: inout Bool) throws -> Bool {
        func keep(_ end: Int) {
            let room = max(0, Self.maxLineBytes - out.count)
            if end - pos > room { cut = true }
            out.append(contentsOf: buffer[pos..<min(end, pos + room)])
        }
        var scanned = 0
        while true {
            let from = pos + scanned
            if let t = findTerminator(from: from) {
                let end: Int
                var length = 1
                if buffer[t] == 0x0A {
                    var e = t
                    while e > pos && buffer[e - 1] == 0x0D { e -= 1 }
                    if lineEnding == nil { lineEnding = t - e >= 2 ? .crcrlf : t - e == 1 ? .crlf : .lf }
                    end = e
                } else {
                    // A CR: look at the next two bytes to tell CR, CRLF and CR CR LF apart.
                    if buffer.count - t < 3 && !eof {
                        scanned = t - pos
                        try fill()
                        continue
                    }
                    let b1: UInt8? = t + 1 < buffer.count ? buffer[t + 1] : nil
                    let b2: UInt8? = t + 2 < buffer.count ? buffer[t + 2] : nil
                    if b1 == 0x0A {
                        length = 2
                        if lineEnding == nil { lineEnding = .crlf }
                    } else if b1 == 0x0D && b2 == 0x0A {
                        length = 3
                        if lineEnding == nil { lineEnding = .crcrlf }
                    } else if lineEnding == nil {
                        lineEnding = .cr
                    }
                    end = t
                }
                keep(end)
                pos = t + length
                lineNumber += 1
                return true
            }
            if eof {
                guard pos < buffer.count else { return false }
                var end = buffer.count
                while end > pos && buffer[end - 1] == 0x0D { end -= 1 }
                keep(end)
                pos = buffer.count
                lineNumber += 1
                return true
            }
            if buffer.count - pos > Self.maxLineBytes {
                // No end in sight: keep what fits, let the rest of the buffer go (a CR at its
                // very end may be the first byte of an ending: it stays).
                let last = buffer[buffer.count - 1] == 0x0D ? buffer.count - 1 : buffer.count
                keep(last)
                pos = last
            }
            scanned = buffer.count - pos
            try fill()
        }
    }

    /// The offset of the next line terminator at or after `from`: LF once the file is known to
    /// end lines in LF (a lone CR is then data), CR or LF otherwise.
    private func findTerminator(from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            switch lineEnding {
            case .lf?, .crlf?, .crcrlf?:
                guard let hit = memchr(base + from, 0x0A, p.count - from) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            case .cr?, nil:
                var i = from
                while i < p.count {
                    let b = p[i]
                    if b == 0x0A || b == 0x0D { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}
