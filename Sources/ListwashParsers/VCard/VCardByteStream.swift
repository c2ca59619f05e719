import ListwashCore

/// The bytes of a vCard input as the line reader sees them. UTF-16 (with or without BOM, or
/// forced) is transcoded to UTF-8 here, chunk by chunk, so everything after this works on
/// ASCII-compatible bytes; single-byte encodings (forced with `--encoding`) pass through and are
/// decoded per value, where a property's own `CHARSET=` can still override them.
///
/// Unpaired surrogates and a dangling odd byte become 0xFF, a byte that is never valid UTF-8,
/// so the card holding them is rejected as `encoding_invalid` instead of being altered silently.
/// (`TextDecoding.decodeUTF16` decodes a whole buffer and stops at the first error; a stream
/// needs state across chunk boundaries and must let the other cards through, hence this.)
final class VCardByteStream {
    /// How the file's bytes are read.
    enum Encoding: Equatable {
        case utf8
        case utf16(bigEndian: Bool)
        /// `windows-1252`, `iso-8859-1`, `iso-8859-15` or `macintosh` (TextEncodingName's canonical names).
        case singleByte(String)
    }

    private let input: ByteInput
    let encoding: Encoding
    /// How the encoding was found, for the facts: `utf-8`, `utf-16be (no BOM)`, `utf-8 (BOM)`...
    let encodingFact: String
    /// Bytes read ahead for detection, not yet handed out.
    private var pending: [UInt8]
    private var raw: [UInt8] = []
    private var highSurrogate: UInt16?
    private var oddByte: UInt8?
    private var finished = false

    init(input: ByteInput, forcedEncoding: String?) throws(InputError) {
        self.input = input
        var head: [UInt8] = []
        while head.count < 64, try input.read(into: &head, max: 64 - head.count) > 0 {}
        var encoding = Encoding.utf8
        var fact = "utf-8"
        var skip = 0
        if head.starts(with: UTF8ByteOrderMark.bytes) {
            skip = 3; fact = "utf-8 (BOM)"
        } else if head.starts(with: [0xFF, 0xFE]) {
            encoding = .utf16(bigEndian: false); skip = 2; fact = "utf-16le (BOM)"
        } else if head.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16(bigEndian: true); skip = 2; fact = "utf-16be (BOM)"
        } else if let bigEndian = Self.sniffUTF16(head) {
            encoding = .utf16(bigEndian: bigEndian); fact = bigEndian ? "utf-16be (no BOM)" : "utf-16le (no BOM)"
        }
        if let forced = forcedEncoding, let name = TextEncodingName.canonical(forced) {
            switch name {
            case "utf-8": encoding = .utf8
            case "utf-16le": encoding = .utf16(bigEndian: false)
            case "utf-16be": encoding = .utf16(bigEndian: true)
            default: encoding = .singleByte(name)
            }
            // Keep skipping a BOM that matches the forced encoding.
            let bomMatches = (name == "utf-8" && fact == "utf-8 (BOM)") || (name == "utf-16le" && fact == "utf-16le (BOM)")
                || (name == "utf-16be" && fact == "utf-16be (BOM)")
            if !bomMatches { skip = 0 }
            fact = name + " (forced)"
        }
        self.encoding = encoding
        self.encodingFact = fact
        pending = Array(head.dropFirst(skip))
    }

    /// UTF-16 without a BOM: ASCII text then has a NUL in every other byte. Returns whether the
    /// NULs sit at even offsets (big-endian), or nil when the head does not look like UTF-16.
    static func sniffUTF16(_ head: [UInt8]) -> Bool? {
        let pairs = head.count / 2
        guard pairs >= 2 else { return nil }
        var evenZeros = 0, oddZeros = 0
        for i in 0..<pairs {
            if head[2 * i] == 0 { evenZeros += 1 }
            if head[2 * i + 1] == 0 { oddZeros += 1 }
        }
        if evenZeros * 2 >= pairs && oddZeros == 0 { return true }
        if oddZeros * 2 >= pairs && evenZeros == 0 { return false }
        return nil
    }

    /// Appends the next bytes to `buffer`; returns how many, 0 at the end of input.
    func read(into buffer: inout [UInt8]) throws(InputError) -> Int {
        switch encoding {
        case .utf8, .singleByte:
            if !pending.isEmpty {
                let n = pending.count
                buffer.append(contentsOf: pending)
                pending = []
                return n
            }
            return try input.read(into: &buffer)
        case .utf16(let bigEndian):
            while true {
                if finished { return 0 }
                raw.removeAll(keepingCapacity: true)
                if !pending.isEmpty { raw = pending; pending = [] } else if try input.read(into: &raw) == 0 {
                    finished = true
                    let before = buffer.count
                    if oddByte != nil || highSurrogate != nil { buffer.append(0xFF) }
                    oddByte = nil; highSurrogate = nil
                    return buffer.count - before
                }
                let before = buffer.count
                transcodeUTF16(bigEndian: bigEndian, into: &buffer)
                if buffer.count > before { return buffer.count - before }
            }
        }
    }

    /// Transcodes `raw` (plus the odd byte and surrogate left from the last chunk) to UTF-8.
    private func transcodeUTF16(bigEndian: Bool, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + raw.count)
        var i = 0
        if let odd = oddByte, !raw.isEmpty {
            emit(bigEndian ? UInt16(odd) << 8 | UInt16(raw[0]) : UInt16(raw[0]) << 8 | UInt16(odd), into: &out)
            oddByte = nil
            i = 1
        }
        raw.withUnsafeBufferPointer { p in
            while i + 1 < p.count {
                let u = bigEndian ? UInt16(p[i]) << 8 | UInt16(p[i + 1]) : UInt16(p[i + 1]) << 8 | UInt16(p[i])
                if u < 0x80 && highSurrogate == nil { out.append(UInt8(u)) } else { emit(u, into: &out) }
                i += 2
            }
        }
        if i < raw.count { oddByte = raw[i] }
    }

    private func emit(_ u: UInt16, into out: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if u >= 0xDC00 && u <= 0xDFFF {
                let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00)
                appendUTF8(scalar, to: &out)
                return
            }
            out.append(0xFF)
        }
        if u >= 0xD800 && u <= 0xDBFF { highSurrogate = u; return }
        if u >= 0xDC00 && u <= 0xDFFF { out.append(0xFF); return }
        appendUTF8(UInt32(u), to: &out)
    }
}

/// Appends the UTF-8 encoding of `scalar` (a valid Unicode scalar value).
@inline(__always)
func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (scalar >> 6)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (scalar >> 12)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (scalar >> 18)))
        out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
