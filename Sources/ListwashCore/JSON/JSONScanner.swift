#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON syntax error with its 1-based column (byte offset + 1) in the text it was read from.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "column \(column): \(message)" }
}

/// A recursive-descent scanner over UTF-8 bytes. Strings must be valid UTF-8 (nothing is
/// replaced); nesting is bounded so hostile input cannot exhaust the stack.
public struct JSONScanner {
    @usableFromInline let buf: UnsafeBufferPointer<UInt8>
    @usableFromInline var i: Int = 0
    var depth = 0
    static let maxDepth = 128

    public init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    public var atEnd: Bool { i >= buf.count }
    public var position: Int { i }

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(column: i + 1, message: message) }

    @inlinable public mutating func skipWhitespace() {
        while i < buf.count {
            let b = buf[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { break }
        }
    }

    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return i < buf.count ? buf[i] : nil
    }

    @inline(__always) public mutating func expect(_ b: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard i < buf.count, buf[i] == b else {
            throw error("expected '\(Character(Unicode.Scalar(b)))'" + (i < buf.count ? "" : " before the end of the line"))
        }
        i += 1
    }

    /// Consumes `b` if it is next.
    @inline(__always) public mutating func consume(_ b: UInt8) -> Bool {
        skipWhitespace()
        if i < buf.count && buf[i] == b { i += 1; return true }
        return false
    }

    /// Goes back to `position` (an earlier ``position``), for a fast path that gives up.
    @inline(__always) mutating func rewind(to position: Int) { i = position }

    /// Consumes `literal` if the bytes at the current position are exactly it (no whitespace
    /// skipped): for fast paths over text listwash wrote itself.
    @inline(__always) mutating func consumeLiteral(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = literal.count
        guard n > 0, i + n <= buf.count, ByteWord.same(buf.baseAddress! + i, literal.baseAddress!, count: n) else { return false }
        i += n
        return true
    }

    /// Iterates over an object's members: `body` is called with each key and must consume the value.
    public mutating func object(_ body: (inout JSONScanner, String) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try members { (s, key) throws(JSONSyntaxError) in try body(&s, String(decoding: key, as: UTF8.self)) }
    }

    /// Iterates over an object's members like ``object(_:)``, handing `body` each key as its
    /// UTF-8 bytes, valid only during the call. Keys without escapes are not copied: this is how
    /// the record decoder matches its known keys without making a `String` per key.
    public mutating func members(_ body: (inout JSONScanner, UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "{"))
        depth += 1
        if depth > JSONScanner.maxDepth { throw error("nesting deeper than \(JSONScanner.maxDepth)") }
        defer { depth -= 1 }
        if consume(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            if let raw = try rawString() {
                try expect(UInt8(ascii: ":"))
                try body(&self, raw)
            } else {
                let k = Array(try string().utf8)
                try expect(UInt8(ascii: ":"))
                try k.withUnsafeBufferPointer { (p) throws(JSONSyntaxError) in try body(&self, p) }
            }
            if consume(UInt8(ascii: ",")) { continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// A JSON string without escapes or non-ASCII bytes as its raw bytes inside `buf`
    /// (consumed); nil, consuming nothing, when it has either (read it with ``string()``).
    @inline(__always) public mutating func rawString() throws(JSONSyntaxError) -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        guard i < buf.count, buf[i] == 0x22 else { throw error("expected a string") }
        let quote = i
        i += 1
        guard scanPlainString() == true else {
            i = quote
            return nil
        }
        return UnsafeBufferPointer(rebasing: buf[(quote + 1)..<(i - 1)])
    }

    /// A JSON string without escapes as its raw bytes inside `buf` (consumed), and whether they
    /// are ASCII; nil, consuming nothing, when it has an escape (read it with ``string()``).
    /// Bytes that are not valid UTF-8 are an error, as in ``string()``.
    @inline(__always) public mutating func plainString() throws(JSONSyntaxError) -> (bytes: UnsafeBufferPointer<UInt8>, ascii: Bool)? {
        skipWhitespace()
        guard i < buf.count, buf[i] == 0x22 else { throw error("expected a string") }
        let quote = i
        i += 1
        guard let ascii = scanPlainString() else {
            i = quote
            return nil
        }
        let bytes = UnsafeBufferPointer(rebasing: buf[(quote + 1)..<(i - 1)])
        if !ascii && !UTF8Validity.isValid(bytes) {
            throw JSONSyntaxError(column: quote + 2, message: "string is not valid UTF-8")
        }
        return (bytes, ascii)
    }

    /// Iterates over an array's elements: `body` must consume each element.
    public mutating func array(_ body: (inout JSONScanner) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "["))
        depth += 1
        if depth > JSONScanner.maxDepth { throw error("nesting deeper than \(JSONScanner.maxDepth)") }
        defer { depth -= 1 }
        if consume(UInt8(ascii: "]")) { return }
        while true {
            try body(&self)
            if consume(UInt8(ascii: ",")) { continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// Reads `null` if it is next.
    public mutating func consumeNull() -> Bool {
        skipWhitespace()
        if i + 4 <= buf.count && buf[i] == 0x6E && buf[i + 1] == 0x75 && buf[i + 2] == 0x6C && buf[i + 3] == 0x6C {
            i += 4
            return true
        }
        return false
    }

    /// A string, or `null` as nil.
    public mutating func optionalString() throws(JSONSyntaxError) -> String? {
        if consumeNull() { return nil }
        return try string()
    }

    /// A string; a number or boolean is accepted and returned as its text (other tools write
    /// phone numbers and ids as numbers).
    public mutating func stringish() throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        guard i < buf.count else { throw error("expected a value") }
        switch buf[i] {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "n"): _ = consumeNull(); return nil
        default:
            let v = try value()
            switch v {
            case .number(let s): return s
            case .bool(let b): return b ? "true" : "false"
            default: throw error("expected a string")
            }
        }
    }

    /// Consumes what ``stringish()`` would read, with the same checks (a line is rejected
    /// exactly when it would be), without making a `String` of it: for the values a stage does
    /// not look at (``RecordFieldSet``). A string with escapes (rare) is read by ``string()``.
    public mutating func skipStringish() throws(JSONSyntaxError) {
        skipWhitespace()
        guard i < buf.count, buf[i] == 0x22 else {
            _ = try stringish()
            return
        }
        let quote = i
        i += 1
        let start = i
        guard let ascii = scanPlainString() else {
            i = quote
            _ = try string()
            return
        }
        if !ascii && !UTF8Validity.isValid(UnsafeBufferPointer(rebasing: buf[start..<(i - 1)])) {
            throw JSONSyntaxError(column: start + 1, message: "string is not valid UTF-8")
        }
    }

    /// Consumes what ``string()`` would read, with the same checks, without making a `String`.
    public mutating func skipString() throws(JSONSyntaxError) {
        skipWhitespace()
        guard i < buf.count, buf[i] == 0x22 else { throw error("expected a string") }
        try skipStringish()
    }

    /// From just after an opening quote: when the string has no escape or control byte, moves
    /// past its closing quote and returns whether it is ASCII; otherwise stops at the first
    /// such byte (or the end) and returns nil. Clean bytes are skipped eight at a time, noting
    /// on the way whether any has its high bit set.
    @inline(__always) private mutating func scanPlainString() -> Bool? {
        var high: UInt64 = 0
        if let base = buf.baseAddress {
            while i + 8 <= buf.count {
                let word = ByteWord.load(base + i)
                let stop = JSONEscaping.escapeMask(word)
                if stop != 0 {
                    // Straight to the first byte JSON escapes (the closing quote, most often),
                    // noting the high bits of the clean bytes before it.
                    let k = ByteWord.firstIndex(stop)
                    high |= word & ByteWord.prefix(k)
                    i += k
                    break
                }
                high |= word
                i += 8
            }
        }
        while i < buf.count {
            let b = buf[i]
            if b == 0x22 {
                i += 1
                return ByteWord.nonASCII(high) == 0
            }
            if b == 0x5C || b < 0x20 { return nil }
            high |= UInt64(b)
            i += 1
        }
        return nil
    }

    /// A JSON string.
    public mutating func string() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard i < buf.count, buf[i] == 0x22 else { throw error("expected a string") }
        i += 1
        let start = i
        // Fast path: no escapes.
        if let ascii = scanPlainString() {
            return try validated(UnsafeBufferPointer(rebasing: buf[start..<(i - 1)]), ascii: ascii, at: start)
        }
        var bytes = Array(UnsafeBufferPointer(rebasing: buf[start..<i]))
        while i < buf.count {
            let b = buf[i]
            if b == 0x22 {
                i += 1
                return try bytes.withUnsafeBufferPointer { (p) throws(JSONSyntaxError) -> String in try validated(p, at: start) }
            }
            if b < 0x20 { throw error("control character inside a string") }
            if b != 0x5C { bytes.append(b); i += 1; continue }
            i += 1
            guard i < buf.count else { break }
            let e = buf[i]
            i += 1
            switch e {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x2F: bytes.append(0x2F)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < buf.count, buf[i] == 0x5C, buf[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                bytes.append(contentsOf: String(Character(u)).utf8)
            default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= buf.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// `bytes` as a String, or an error when they are not valid UTF-8.
    /// - Parameter ascii: the caller saw no byte with the high bit set (ASCII needs no check).
    private func validated(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool? = nil, at offset: Int) throws(JSONSyntaxError) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        if ascii ?? !bytes.contains(where: { $0 >= 0x80 }) { return s }
        // Decoding replaces every invalid sequence with U+FFFD, so the bytes come back
        // unchanged exactly when they were valid. (String(validating:as:) says the same through
        // generic code that looked up type metadata for every string: 2 % of `normalize`.)
        var same = s.utf8.count == bytes.count
        if same, let b = bytes.baseAddress {
            var copy = s
            same = copy.withUTF8 { $0.baseAddress.map { memcmp($0, b, bytes.count) == 0 } ?? bytes.isEmpty }
        }
        guard same else { throw JSONSyntaxError(column: offset + 1, message: "string is not valid UTF-8") }
        return s
    }

    /// An integer.
    public mutating func int() throws(JSONSyntaxError) -> Int {
        // Fast path: plain decimal digits (what listwash writes), at most 18 of them so the
        // value cannot overflow; anything else takes the general path below.
        skipWhitespace()
        var j = i
        var n = 0
        // Digits until the first non-digit, which must be within the 18 bytes and the line.
        let end = Swift.min(buf.count, i + 18)
        while j < end {
            let b = buf[j]
            let d = b &- 0x30
            if d > 9 {
                if j > i && (b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20) {
                    i = j
                    return n
                }
                break
            }
            n = n &* 10 &+ Int(d)
            j += 1
        }
        let v = try value()
        switch v {
        case .number(let s): if let n = Int(s) { return n }
        case .string(let s): if let n = Int(s) { return n }
        default: break
        }
        throw error("expected an integer")
    }

    /// Any JSON value.
    public mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard i < buf.count else { throw error("expected a value") }
        switch buf[i] {
        case 0x22: return .string(try string())
        case UInt8(ascii: "{"):
            var members: [(String, JSONValue)] = []
            try object { (s, k) throws(JSONSyntaxError) in members.append((k, try s.value())) }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try array { (s) throws(JSONSyntaxError) in items.append(try s.value()) }
            return .array(items)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { throw error("invalid literal") }
        let p = word.utf8Start
        for k in 0..<n where buf[i + k] != p[k] { throw error("invalid literal") }
        i += n
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = i
        if i < buf.count && buf[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < buf.count, buf[i] >= 0x30 && buf[i] <= 0x39 { i += 1 }
        guard i > digitsStart else { throw error("expected a value") }
        if i < buf.count && buf[i] == UInt8(ascii: ".") {
            i += 1
            let f = i
            while i < buf.count, buf[i] >= 0x30 && buf[i] <= 0x39 { i += 1 }
            guard i > f else { throw error("invalid number") }
        }
        if i < buf.count && (buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E")) {
            i += 1
            if i < buf.count && (buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-")) { i += 1 }
            let e = i
            while i < buf.count, buf[i] >= 0x30 && buf[i] <= 0x39 { i += 1 }
            guard i > e else { throw error("invalid number") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
    }
}
