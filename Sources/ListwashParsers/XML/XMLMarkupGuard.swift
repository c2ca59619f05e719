#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds the work libxml2 does on one start tag: scans every chunk before `xmlParseChunk` sees
/// it and stops the document at a start tag with more than ``maxAttributes`` attributes or
/// longer than ``maxStartTagBytes``.
///
/// Why: libxml2 2.9.14 compares each attribute of an element with every earlier one (the
/// duplicate-attribute check in `xmlParseStartTag2`) and has no limit on attributes per element
/// (`XML_PARSE_HUGE` is off, which bounds names and values but not their number), so one start
/// tag of 400,000 attributes, a 4.7 MB file, kept `listwash parse` busy past 30 s (100,000: 2.3 s,
/// 200,000: 8.9 s); stopped here, it takes 0.05 s. Real contact exports have at most a few dozen
/// attributes per element.
///
/// Why by hand: libxml2 has no option for it, and no callback runs before that check (SAX's
/// `startElementNs` gets the attributes after it), so the bytes are read before libxml2 gets them.
/// The scan is a small state machine fed the same chunks in the same order, cut anywhere: it keeps
/// its state between chunks. It runs over every byte of every XML input, so it skips what it can:
/// text and end tags with `memchr` to the next `<`, quoted attribute values with `memchr` to the
/// closing quote, comments, CDATA and processing instructions with `memchr` to each `>` (the end
/// when `--`, `]]` or `?` precedes it); only a start tag outside its values and the DOCTYPE are
/// read byte by byte, and an ordinary start tag without leaving the text state's loop. Lines and
/// characters are counted eight bytes at a time, once per chunk. (On a 67 MB export of 200,000
/// contacts it is 3-4 % of `listwash parse`'s time.) Comments, CDATA, processing instructions,
/// quoted values and the DOCTYPE (its literals, its internal subset and the comments and PIs in it)
/// are followed so that a `>` or a quote inside them is not taken for markup. An attribute is an
/// `=` outside quotes in a start tag: every attribute has exactly one, and a start tag that has
/// more is not well-formed, which libxml2 reports and stops at. The scan does not check
/// well-formedness otherwise: where it and libxml2 could read a document differently (`<!-x`, a `<`
/// in a value, an end tag with more than a name), the document is not well-formed there, and
/// libxml2 stops it at that point, before any tag after it.
///
/// Encodings: ASCII-compatible ones (UTF-8, ISO-8859-x, Windows-125x, Shift_JIS, EUC, GBK,
/// Big5: none uses the bytes of `<>"'=` inside a character) are scanned as they are; UTF-16 and
/// UCS-4, told as libxml2 tells them (byte order mark, `<?` in the first four bytes, or the
/// `--encoding` name), are scanned one code unit at a time, every non-ASCII unit read as a
/// byte that is no markup. Encodings whose characters can hold those bytes (ISO-2022-x,
/// UTF-7, HZ, JOHAB) and UCS-4 in an unusual byte order are not scanned.
///
/// Line and column of a stopped tag are counted as libxml2 counts them: lines at `\n`, columns
/// in characters (in bytes for encodings other than UTF-8, UTF-16 and UCS-4; in single-byte
/// encodings that is the same).
struct XMLMarkupGuard {
    /// The attributes one element may have (namespace declarations included). libxml2's check
    /// costs the square of the count: an element of 1,000 attributes takes about 0.4 ms, so a
    /// file of such elements still reads at about 20 MB/s (a plain export: about 70 MB/s).
    static let maxAttributes = 1000
    /// The bytes one start tag may take from `<` to `>`, attribute values included (1 MiB). Keeps
    /// a tag whose attributes are long, or a start tag that never ends, from being read whole.
    static let maxStartTagBytes = 1 << 20

    /// A start tag past a limit. The document stops before it: the `bytesBefore` first bytes of
    /// the chunk just scanned precede the tag's `<` (0 when the tag began in an earlier chunk)
    /// and may still be parsed; the rest of the document may not.
    struct Trip: Equatable, Sendable {
        /// What is wrong, naming the element: "element 'contact' has more than 1000 attributes, ...".
        var message: String
        /// 1-based line and column of the tag's `<`.
        var line: Int
        var column: Int
        var bytesBefore: Int
    }

    /// The words every trip message ends with, by which the fix is chosen.
    static let limitPhrase = "more than listwash reads in one element"

    private enum Width: Equatable {
        /// Not yet known: fewer than four bytes seen, or an XML declaration not yet complete.
        case undecided
        /// ASCII-compatible; `countBytes`: columns count bytes, not UTF-8 characters.
        case ascii(countBytes: Bool)
        case utf16(bigEndian: Bool)
        case ucs4(bigEndian: Bool)
        /// Not scanned (see the type's comment).
        case off
    }

    private enum State: UInt8 {
        case text, lt, bang, bangDash, startTag, comment, cdata, pi
        case doctype, doctypeLT, doctypeBang, doctypeBangDash
    }

    private let forcedEncoding: String?
    /// The bounds in force: ``maxAttributes`` and ``maxStartTagBytes`` but in tests.
    let attributeLimit: Int
    let startTagLimit: Int
    private var width = Width.undecided
    /// Bytes held while the encoding is undecided (at most a short XML declaration).
    private var held: [UInt8] = []
    /// UTF-16 and UCS-4: the bytes of a code unit cut by the chunk's end, and the units read as bytes.
    private var carry: [UInt8] = []
    private var narrowed: [UInt8] = []
    private var tripped: Trip?

    // The state machine, between chunks.
    private var state = State.text
    /// The open quote in a start tag or the DOCTYPE (0 outside quotes).
    private var quote: UInt8 = 0
    /// In a comment, CDATA or PI: how many of its closing `-`, `]` or `?` end the bytes read (at most 2).
    private var run = 0
    /// The comment or PI being read is inside the DOCTYPE (return there, not to text).
    private var inDoctype = false
    /// Inside the DOCTYPE's internal subset `[...]`.
    private var bracket = false
    private var attributes = 0

    // Positions, in scanned bytes (code units for UTF-16 and UCS-4).
    /// Offset of the first byte of the bytes being scanned.
    private var offset = 0
    /// Line of `offset`, and the characters before it on that line.
    private var line = 1
    private var column = 0
    /// The current start tag: offset of its `<`, and once the chunk holding it has been left,
    /// its line, column and name (up to 64 bytes; `nameOpen` while the name runs on).
    private var tagStart = 0
    private var tagPlaced = false
    private var tagLine = 0
    private var tagColumn = 0
    private var tagName: [UInt8] = []
    private var nameOpen = false

    /// `encoding`: the `--encoding` name, which libxml2 reads the document in whatever it
    /// declares. The bounds are other than the constants only in tests (small documents).
    init(encoding: String? = nil, maxAttributes: Int = Self.maxAttributes, maxStartTagBytes: Int = Self.maxStartTagBytes) {
        forcedEncoding = encoding
        attributeLimit = maxAttributes
        startTagLimit = maxStartTagBytes
    }

    /// Scans the next chunk of the document (the chunks in order, cut anywhere). Returns the trip
    /// when a start tag in it, or begun before it, is past a limit; after one trip, every call
    /// returns it again with `bytesBefore` 0.
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) -> Trip? {
        if var t = tripped {
            t.bytesBefore = 0
            return t
        }
        guard chunk.count > 0 else { return nil }
        if width == .undecided {
            if held.isEmpty, let w = decide(chunk) {
                width = w
                return scanDecided(chunk, lead: 0)
            }
            held.append(contentsOf: chunk)
            let all = held
            guard let w = all.withUnsafeBufferPointer({ decide($0) }) else { return nil }
            width = w
            held = []
            return all.withUnsafeBufferPointer { scanDecided($0, lead: all.count - chunk.count) }
        }
        return scanDecided(chunk, lead: 0)
    }

    mutating func scan(_ chunk: [UInt8]) -> Trip? {
        chunk.withUnsafeBufferPointer { scan($0) }
    }

    /// `bytes` holds `lead` bytes of earlier chunks (already given to libxml2) before the chunk.
    private mutating func scanDecided(_ bytes: UnsafeBufferPointer<UInt8>, lead: Int) -> Trip? {
        switch width {
        case .undecided, .off:
            return nil
        case .ascii(let countBytes):
            guard let what = scanView(bytes) else {
                advance(over: bytes, countBytes: countBytes)
                return nil
            }
            return trip(what, in: bytes, lead: lead, unit: 1)
        case .utf16(let bigEndian):
            return scanUnits(bytes, lead: lead, unit: 2, bigEndian: bigEndian)
        case .ucs4(let bigEndian):
            return scanUnits(bytes, lead: lead, unit: 4, bigEndian: bigEndian)
        }
    }

    /// UTF-16 and UCS-4: each code unit becomes one byte (itself when ASCII; 0x80 for a
    /// low surrogate, which continues a character; 0xC2 for any other), then the bytes are scanned.
    private mutating func scanUnits(_ bytes: UnsafeBufferPointer<UInt8>, lead: Int, unit: Int, bigEndian: Bool) -> Trip? {
        let carried = carry.count
        var all = carry
        all.append(contentsOf: bytes)
        let units = all.count / unit
        narrowed.removeAll(keepingCapacity: true)
        narrowed.reserveCapacity(units)
        for u in 0..<units {
            var value: UInt32 = 0
            for k in 0..<unit {
                let b = UInt32(all[u * unit + (bigEndian ? k : unit - 1 - k)])
                value = value << 8 | b
            }
            narrowed.append(value < 0x80 ? UInt8(value) : unit == 2 && (0xDC00..<0xE000).contains(value) ? 0x80 : 0xC2)
        }
        carry = Array(all[(units * unit)...])
        let view = narrowed
        return view.withUnsafeBufferPointer { v in
            guard let what = scanView(v) else {
                advance(over: v, countBytes: false)
                return nil
            }
            return trip(what, in: v, lead: lead + carried, unit: unit)
        }
    }

    // MARK: The state machine

    private enum Limit { case attributes, length }

    /// Runs the state machine over `p`; returns the limit a start tag passed, or nil.
    private mutating func scanView(_ p: UnsafeBufferPointer<UInt8>) -> Limit? {
        guard let base = p.baseAddress else { return nil }
        let n = p.count
        let raw = UnsafeRawPointer(base)
        var i = 0
        if nameOpen { continueName(p) }
        while i < n {
            switch state {
            case .text:
                // The hot path: text to the next `<`, then a start tag read to its `>`, and on to
                // the next `<` without leaving this loop. An end tag is text here: it holds no
                // attribute, and one holding more than its name is not well-formed (libxml2 stops
                // there). A quote, `<!`, `<?` or the chunk's end goes on in its own state.
                hot: while true {
                    guard let hit = memchr(raw + i, 0x3C, n - i) else {
                        i = n
                        break hot
                    }
                    let k = raw.distance(to: UnsafeRawPointer(hit))
                    tagStart = offset + k
                    tagPlaced = false
                    nameOpen = false
                    state = .lt
                    i = k + 1
                    guard i < n else { break hot }
                    let first = p[i]
                    if first == 0x2F {  // an end tag
                        state = .text
                        continue hot
                    }
                    guard first != 0x21, first != 0x3F else { break hot }  // <! and <? in .lt
                    state = .startTag
                    attributes = 0
                    quote = 0
                    switch readTag(p, from: i) {
                    case .closed(let j):
                        i = j
                    case .open(let j):
                        i = j
                        break hot
                    case .over(let limit):
                        return limit
                    }
                }
            case .lt:
                switch p[i] {
                case 0x2F:  // </ : an end tag, text here
                    state = .text
                    nameOpen = false
                    i += 1
                case 0x3F:  // <?
                    state = .pi
                    run = 0
                    inDoctype = false
                    nameOpen = false
                    i += 1
                case 0x21:  // <!
                    state = .bang
                    nameOpen = false
                    i += 1
                default:
                    state = .startTag
                    attributes = 0
                    quote = 0
                }
            case .startTag:
                if quote != 0 {
                    guard let hit = memchr(raw + i, Int32(quote), n - i) else { i = n; break }
                    i = raw.distance(to: UnsafeRawPointer(hit)) + 1
                    quote = 0
                }
                switch readTag(p, from: i) {
                case .closed(let j), .open(let j):
                    i = j
                case .over(let limit):
                    return limit
                }
            case .comment, .cdata, .pi:
                let closer: UInt8 = state == .comment ? 0x2D : state == .cdata ? 0x5D : 0x3F
                let need = state == .pi ? 1 : 2
                guard let hit = memchr(raw + i, 0x3E, n - i) else {
                    run = Self.trailingRun(p, from: i, to: n, of: closer, after: run, cap: need)
                    i = n
                    break
                }
                let k = raw.distance(to: UnsafeRawPointer(hit))
                let closed = Self.trailingRun(p, from: i, to: k, of: closer, after: run, cap: need) >= need
                run = 0
                i = k + 1
                if closed {
                    state = inDoctype ? .doctype : .text
                    inDoctype = false
                }
            case .bang:
                switch p[i] {
                case 0x2D:
                    state = .bangDash
                    i += 1
                case 0x5B:  // <![ : CDATA (anything else after it is not well-formed)
                    state = .cdata
                    run = 0
                    inDoctype = false
                    i += 1
                default:
                    enterDoctype()
                }
            case .bangDash:
                if p[i] == 0x2D {
                    state = .comment
                    run = 0
                    inDoctype = false
                    i += 1
                } else {
                    enterDoctype()
                }
            case .doctype:
                if quote != 0 {
                    guard let hit = memchr(raw + i, Int32(quote), n - i) else { i = n; break }
                    i = raw.distance(to: UnsafeRawPointer(hit)) + 1
                    quote = 0
                }
                scanning: while i < n {
                    let c = p[i]
                    i += 1
                    switch c {
                    case 0x22, 0x27:
                        quote = c
                        break scanning
                    case 0x5B: bracket = true
                    case 0x5D: bracket = false
                    case 0x3E:
                        if !bracket {
                            state = .text
                            break scanning
                        }
                    case 0x3C:
                        state = .doctypeLT
                        break scanning
                    default: continue
                    }
                }
            case .doctypeLT:
                switch p[i] {
                case 0x3F:
                    state = .pi
                    run = 0
                    inDoctype = true
                    i += 1
                case 0x21:
                    state = .doctypeBang
                    i += 1
                default:
                    state = .doctype
                }
            case .doctypeBang:
                if p[i] == 0x2D {
                    state = .doctypeBangDash
                    i += 1
                } else {
                    state = .doctype
                }
            case .doctypeBangDash:
                if p[i] == 0x2D {
                    state = .comment
                    run = 0
                    inDoctype = true
                    i += 1
                } else {
                    state = .doctype
                }
            }
        }
        if state == .startTag || state == .lt, offset + n - tagStart > startTagLimit { return .length }
        return nil
    }

    private enum TagStep {
        /// The tag's `>` ends before this index (the state is back to text); the tag goes on
        /// from this index (a quote opens before it, or the bytes end there); a limit passed.
        case closed(Int), open(Int), over(Limit)
    }

    /// Reads a start tag from `p[i]`, outside quotes: counts each `=` as an attribute, and
    /// stops at the `>` that ends the tag (back to text), at a quote (setting ``quote``), or at
    /// the end of `p`.
    @inline(__always)
    private mutating func readTag(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> TagStep {
        var j = i
        while j < p.count {
            let c = p[j]
            j += 1
            if c > 0x3E { continue }  // letters: most of a tag
            if c == 0x3E {
                if offset + j - tagStart > startTagLimit { return .over(.length) }
                state = .text
                return .closed(j)
            }
            if c == 0x3D {
                attributes += 1
                if attributes > attributeLimit { return .over(.attributes) }
            } else if c == 0x22 || c == 0x27 {
                quote = c
                return .open(j)
            }
        }
        return .open(p.count)
    }

    private mutating func enterDoctype() {
        state = .doctype
        quote = 0
        bracket = false
    }

    /// How many `closer` bytes end `p[from..<to]` (at most `cap`), counting `after` (those that
    /// ended the bytes before `from`) when every byte of it is one.
    private static func trailingRun(_ p: UnsafeBufferPointer<UInt8>, from: Int, to: Int, of closer: UInt8, after: Int, cap: Int) -> Int {
        var count = 0
        var j = to
        while j > from, count < cap, p[j - 1] == closer {
            j -= 1
            count += 1
        }
        if j == from { count += after }
        return min(count, cap)
    }

    // MARK: Positions

    /// Moves the position past `p`, scanned without a trip. A start tag begun in `p` and still
    /// open at its end is placed on the way (line, column, name), while its bytes are at hand.
    private mutating func advance(over p: UnsafeBufferPointer<UInt8>, countBytes: Bool) {
        if state == .startTag || state == .lt, !tagPlaced {
            let k = tagStart - offset
            (line, column) = Self.moved(line, column, over: UnsafeBufferPointer(rebasing: p[..<k]), countBytes: countBytes)
            placeName(p, at: k)
            (line, column) = Self.moved(line, column, over: UnsafeBufferPointer(rebasing: p[k...]), countBytes: countBytes)
        } else {
            (line, column) = Self.moved(line, column, over: p, countBytes: countBytes)
        }
        offset += p.count
    }

    /// Places the start tag whose `<` is `p[k]`, at the position reached (`line`, `column`).
    private mutating func placeName(_ p: UnsafeBufferPointer<UInt8>, at k: Int) {
        tagLine = line
        tagColumn = column + 1
        tagName = []
        nameOpen = true
        continueName(UnsafeBufferPointer(rebasing: p[min(k + 1, p.count)...]))
        tagPlaced = true
    }

    /// Adds the start of `p` to the tag's name while the name runs on.
    private mutating func continueName(_ p: UnsafeBufferPointer<UInt8>) {
        for c in p {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x2F || c == 0x3E || tagName.count == 64 {
                nameOpen = false
                return
            }
            tagName.append(c)
        }
    }

    private var countsBytes: Bool {
        if case .ascii(let countBytes) = width { return countBytes }
        return false
    }

    /// The line, and characters before it on that line, after `p`.
    private static func moved(_ line: Int, _ column: Int, over p: UnsafeBufferPointer<UInt8>, countBytes: Bool) -> (Int, Int) {
        let newlines = newlines(p)
        if newlines == 0 { return (line, column + characters(p, countBytes: countBytes)) }
        var j = p.count
        while p[j - 1] != 0x0A { j -= 1 }
        return (line + newlines, characters(UnsafeBufferPointer(rebasing: p[j...]), countBytes: countBytes))
    }

    /// The `\n` bytes in `p`, eight at a time.
    private static func newlines(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var i = 0
        while i + 8 <= p.count {
            // Each byte of `lanes` counts the newlines in its lane, for up to 255 words.
            var lanes: UInt64 = 0
            var words = 0
            while words < 255, i + 8 <= p.count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                // 1 in each byte of x that is 0 (exact: the sum never carries into the next byte).
                lanes &+= ~(((x & low7) &+ low7) | x | low7) >> 7
                i += 8
                words += 1
            }
            count &+= sum(lanes)
        }
        while i < p.count {
            if p[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// The sum of the eight bytes of `lanes`.
    private static func sum(_ lanes: UInt64) -> Int {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ (lanes >> 8 & 0x00FF_00FF_00FF_00FF)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
    }

    /// Characters in `p`: bytes that do not continue a UTF-8 sequence (`10xxxxxx`), eight at a
    /// time (or every byte).
    private static func characters(_ p: UnsafeBufferPointer<UInt8>, countBytes: Bool) -> Int {
        guard !countBytes, let base = p.baseAddress else { return p.count }
        let raw = UnsafeRawPointer(base)
        var continuing = 0
        var i = 0
        while i + 8 <= p.count {
            var lanes: UInt64 = 0
            var words = 0
            while words < 255, i + 8 <= p.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                lanes &+= (w & ~(w << 1) & 0x8080_8080_8080_8080) >> 7
                i += 8
                words += 1
            }
            continuing &+= sum(lanes)
        }
        while i < p.count {
            if p[i] & 0xC0 == 0x80 { continuing += 1 }
            i += 1
        }
        return p.count - continuing
    }

    private mutating func trip(_ what: Limit, in p: UnsafeBufferPointer<UInt8>, lead: Int, unit: Int) -> Trip {
        if !tagPlaced {
            // The tag began in `p`: place it from here (the position stays at `p`'s start).
            let (l, c) = (line, column)
            let k = tagStart - offset
            (line, column) = Self.moved(line, column, over: UnsafeBufferPointer(rebasing: p[..<k]), countBytes: countsBytes)
            placeName(p, at: k)
            (line, column) = (l, c)
        }
        var name = String(decoding: tagName, as: UTF8.self)
        if tagName.count >= 64 { name += "..." }
        let element = name.isEmpty ? "an element" : "element '\(name)'"
        let size = startTagLimit % (1 << 20) == 0 ? "\(startTagLimit >> 20) MiB" : "\(startTagLimit) bytes"
        let message = switch what {
        case .attributes: "\(element) has more than \(attributeLimit) attributes, \(Self.limitPhrase)"
        case .length: "the start tag of \(element) is longer than \(size), \(Self.limitPhrase)"
        }
        let t = Trip(message: message, line: tagLine, column: tagColumn,
                     bytesBefore: max(0, (tagStart - offset) * unit - lead))
        tripped = t
        return t
    }

    // MARK: Encodings

    /// The width to scan in, from the `--encoding` name, or from the first bytes as libxml2
    /// reads them (nil: more bytes are needed).
    private mutating func decide(_ b: UnsafeBufferPointer<UInt8>) -> Width? {
        if let forced = forcedEncoding {
            let w = Self.width(named: forced, first: b)
            switch w {
            case .undecided: return nil
            case .utf16, .ucs4: if b.count >= 2, b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE { column = -1 }
            case .ascii(countBytes: false): if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { column = -1 }
            case .ascii, .off: break
            }
            return w
        }
        guard b.count >= 4 else { return nil }
        switch (b[0], b[1], b[2], b[3]) {
        case (0xFE, 0xFF, _, _):
            column = -1
            return .utf16(bigEndian: true)
        case (0xFF, 0xFE, _, _):
            column = -1
            return .utf16(bigEndian: false)
        case (0x00, 0x3C, 0x00, 0x3F): return .utf16(bigEndian: true)
        case (0x3C, 0x00, 0x3F, 0x00): return .utf16(bigEndian: false)
        case (0x00, 0x00, 0x00, 0x3C): return .ucs4(bigEndian: true)
        case (0x3C, 0x00, 0x00, 0x00): return .ucs4(bigEndian: false)
        case (0x00, 0x00, 0x3C, 0x00), (0x00, 0x3C, 0x00, 0x00), (0x4C, 0x6F, 0xA7, 0x94): return .off  // UCS-4 2143 and 3412, EBCDIC
        default: break
        }
        var start = 0
        if b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            column = -1
            start = 3
        }
        guard b.count >= start + 5, b[start] == 0x3C, b[start + 1] == 0x3F, b[start + 2] == 0x78, b[start + 3] == 0x6D, b[start + 4] == 0x6C else {
            return b.count >= start + 5 ? .ascii(countBytes: false) : nil
        }
        // An XML declaration: its encoding decides.
        guard let end = Self.find(0x3F, 0x3E, in: b, from: start) else {
            return b.count >= 1024 ? .ascii(countBytes: false) : nil
        }
        guard let declared = Self.declaredEncoding(UnsafeBufferPointer(rebasing: b[start..<end])) else { return .ascii(countBytes: false) }
        let name = Self.normalized(declared)
        if Self.unscannable(name) { return .off }
        return .ascii(countBytes: !Self.isUTF8(name))
    }

    private static func width(named: String, first b: UnsafeBufferPointer<UInt8>) -> Width {
        let name = normalized(named)
        let utf16 = name.hasPrefix("UTF16") || name.hasPrefix("UCS2") || name.hasPrefix("UNICODE") && !name.contains("UTF")
        let ucs4 = name.hasPrefix("UTF32") || name.hasPrefix("UCS4")
        guard utf16 || ucs4 else {
            return unscannable(name) ? .off : .ascii(countBytes: !isUTF8(name))
        }
        let bigEndian: Bool
        if name.hasSuffix("BE") || name.contains("BIG") {
            bigEndian = true
        } else if name.hasSuffix("LE") || name.contains("LITTLE") {
            bigEndian = false
        } else {
            // No byte order in the name: the byte order mark's, else big-endian when the first
            // byte is 0 (`<` is 00 3C or 00 00 00 3C), else little-endian.
            guard b.count >= 4 else { return .undecided }
            if b[0] == 0xFF && b[1] == 0xFE {
                bigEndian = false
            } else {
                bigEndian = b[0] == 0 || b[0] == 0xFE && b[1] == 0xFF
            }
        }
        return utf16 ? .utf16(bigEndian: bigEndian) : .ucs4(bigEndian: bigEndian)
    }

    /// Uppercase, without `-`, `_` and spaces: `UTF8`, `ISO88591`, `ISO2022JP`.
    private static func normalized(_ name: String) -> String {
        String(name.uppercased().unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " })
    }

    private static func isUTF8(_ name: String) -> Bool {
        name == "UTF8" || name == "ASCII" || name == "USASCII"
    }

    /// Encodings in which the bytes of `<`, `>`, `"`, `'` or `=` occur inside other characters.
    private static func unscannable(_ name: String) -> Bool {
        name.hasPrefix("ISO2022") || name.hasPrefix("CSISO2022") || name.hasPrefix("UTF7") || name.contains("UNICODE11UTF7")
            || name.hasPrefix("HZ") || name == "JOHAB" || name == "CP1361" || name.hasPrefix("EBCDIC")
    }

    private static func find(_ a: UInt8, _ b: UInt8, in p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var j = from
        while j + 1 < min(p.count, 1024) {
            if p[j] == a, p[j + 1] == b { return j }
            j += 1
        }
        return nil
    }

    /// The `encoding` pseudo-attribute's value in an XML declaration.
    static func declaredEncoding(_ d: UnsafeBufferPointer<UInt8>) -> String? {
        let key = Array("encoding".utf8)
        var j = 0
        while j + key.count <= d.count {
            if d[j] == key[0], UnsafeBufferPointer(rebasing: d[j..<j + key.count]).elementsEqual(key) { break }
            j += 1
        }
        j += key.count
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while j < d.count, isSpace(d[j]) { j += 1 }
        guard j < d.count, d[j] == 0x3D else { return nil }
        j += 1
        while j < d.count, isSpace(d[j]) { j += 1 }
        guard j < d.count, d[j] == 0x22 || d[j] == 0x27 else { return nil }
        let q = d[j]
        let start = j + 1
        guard let end = d[start...].firstIndex(of: q) else { return nil }
        return String(decoding: d[start..<end], as: UTF8.self)
    }
}
