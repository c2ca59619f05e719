/// A byte-level JSON writer: compact output, non-ASCII as raw UTF-8, only `"`, `\` and control
/// characters escaped. Hand-written rather than `JSONEncoder` because the record flow is the hot
/// path (PLATFORM.md §5: 3.3 M records/s against 0.4 M/s), and because the batch writer must
/// know the exact byte count of what it emits.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { bytes.count }

    @inlinable public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.appendBytes($0) }
    }

    @inlinable public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func int(_ value: Int) { Self.appendDecimal(value, to: &bytes) }

    /// Appends `value` in decimal: positive numbers (record and line numbers, list ids) go
    /// through a buffer on the stack, then one copy: no String as `String(value)` makes, no
    /// zero fill to write over.
    public static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 0 && value < 10 { bytes.append(UInt8(48 + value)); return }
        guard value > 0 else { bytes.append(contentsOf: String(value).utf8); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var k = d.count
            var v = value
            while v > 0 { k -= 1; d[k] = UInt8(48 + v % 10); v /= 10 }
            bytes.appendBytes(UnsafeRawBufferPointer(rebasing: d[k...]))
        }
    }

    /// Writes `s` as a quoted, escaped JSON string.
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // A native string lends its bytes without the copy (and retain) `withUTF8` on a `var` needs.
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var s = s
            s.withUTF8 { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes the UTF-8 text `utf8` as a quoted, escaped JSON string: the same bytes
    /// ``string(_:)`` writes for a `String` of that text. The caller has checked `utf8` is valid.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `"key":`.
    @inlinable public mutating func key(_ k: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(k)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes an object member's key given with its quotes, colon and leading comma
    /// (`,"email":`), leaving out the comma for the object's first member: one copy where
    /// ``key(_:)-(StaticString)`` after a comma takes five appends.
    @inlinable public mutating func member(_ commaKey: StaticString, first: inout Bool) {
        commaKey.withUTF8Buffer { b in
            bytes.appendBytes(first ? UnsafeBufferPointer(rebasing: b[1...]) : b)
        }
        first = false
    }

    /// Writes `"key":` for a key only known at run time.
    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// The number of bytes `s` takes as a JSON string, quotes included.
    public static func encodedLength(of s: String) -> Int {
        var n = 2
        for b in s.utf8 {
            if b >= 0x20 && b != 0x22 && b != 0x5C { n += 1; continue }
            switch b {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x08, 0x0C: n += 2
            default: n += 6
            }
        }
        return n
    }

    @usableFromInline mutating func appendEscaped(_ buf: UnsafeBufferPointer<UInt8>) {
        let n = buf.count
        guard let base = buf.baseAddress else { return }
        // Nearly every value needs no escaping: skip clean bytes eight at a time, then one copy.
        var i = 0
        while i + 8 <= n, !JSONEscaping.needsEscape(ByteWord.load(base + i)) { i += 8 }
        // When fewer than eight bytes are left, test them as the last eight, overlapping bytes
        // already found clean: most values are clean to the end and skip the byte loop entirely.
        if i < n && i + 8 > n && n >= 8 && !JSONEscaping.needsEscape(ByteWord.load(base + n - 8)) { i = n }
        var start = 0
        while i < n {
            let b = buf[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { i += 1; continue }
            if i > start { bytes.appendBytes(UnsafeBufferPointer(rebasing: buf[start..<i])) }
            bytes.append(UInt8(ascii: "\\"))
            switch b {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
            i += 1
            start = i
        }
        if start < n { bytes.appendBytes(UnsafeBufferPointer(rebasing: buf[start..<n])) }
    }
}
