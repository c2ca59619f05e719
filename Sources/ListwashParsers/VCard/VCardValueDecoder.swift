import Foundation
import ListwashCore

/// Turns a property's raw value bytes into UTF-8: undoes quoted-printable or base64, then
/// decodes the property's `CHARSET=` (or the file's forced single-byte encoding). The result
/// still holds vCard escapes (`\,` `\;` `\n`), which the mapper resolves per property shape.
struct VCardValueDecoder {
    /// What decoding found.
    enum Outcome {
        case decoded
        /// Bytes labelled with a single-byte CHARSET (named here as written) that are valid
        /// UTF-8 with non-ASCII in them: an export re-saved as UTF-8 with its labels left as they
        /// were, read as UTF-8 (in the label's charset "Jörg" became "JÃ¶rg").
        case charsetIgnored(String)
        /// Quoted-printable bytes without a CHARSET that are not UTF-8: read as Windows-1252,
        /// what the 2.1 writers that omit it (The Bat!, old Outlook) mean in practice.
        case assumedWindows1252
        /// The bytes are not valid in the charset: the offset (in the line) and why.
        case invalid(offset: Int, message: String)
        /// Raw bytes without CHARSET (and no file encoding) that are not UTF-8: the reader may
        /// still decide the whole file is Windows-1252.
        case notUTF8(offset: Int, message: String)
    }

    private var scratch: [UInt8] = []
    /// Whether a value read as UTF-8 (no CHARSET) held non-ASCII text: the file is then UTF-8
    /// for sure, and later invalid bytes are errors rather than a sign of Windows-1252.
    private(set) var sawNonASCIIUTF8 = false

    /// Appends the decoded value of `prop` (from line bytes `p`) to `out`.
    mutating func decode(_ p: UnsafeBufferPointer<UInt8>, _ prop: VCardPropertyLine, fileEncoding: String?,
                         into out: inout [UInt8]) -> Outcome {
        let raw = UnsafeBufferPointer(rebasing: p[prop.valueStart...])
        switch prop.encoding {
        case .none:
            return decodeCharset(raw, charset: prop.charset.map { UnsafeBufferPointer(rebasing: p[$0]) }, fileEncoding: fileEncoding,
                                 errorBase: prop.valueStart, exactOffsets: true, quotedPrintable: false, into: &out)
        case .quotedPrintable:
            scratch.removeAll(keepingCapacity: true)
            Self.decodeQuotedPrintable(raw, into: &scratch)
        case .base64:
            scratch.removeAll(keepingCapacity: true)
            if let bad = Self.decodeBase64(raw, into: &scratch) {
                return .invalid(offset: prop.valueStart + bad, message: "the base64 value has a character outside the base64 alphabet")
            }
        }
        let tmp = scratch
        return tmp.withUnsafeBufferPointer { s in
            self.decodeCharset(s, charset: prop.charset.map { UnsafeBufferPointer(rebasing: p[$0]) }, fileEncoding: fileEncoding,
                          errorBase: prop.valueStart, exactOffsets: false, quotedPrintable: prop.encoding == .quotedPrintable, into: &out)
        }
    }

    private mutating func decodeCharset(_ bytes: UnsafeBufferPointer<UInt8>, charset: UnsafeBufferPointer<UInt8>?, fileEncoding: String?,
                               errorBase: Int, exactOffsets: Bool, quotedPrintable: Bool, into out: inout [UInt8]) -> Outcome {
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii {
            out.append(contentsOf: bytes)
            return .decoded
        }
        let name: String?
        if let charset {
            let written = String(decoding: charset, as: UTF8.self)
            let lower = written.lowercased()
            // Text in a single-byte charset is next to never valid UTF-8 once it has a byte over
            // 0x7F ("Ã¶" is no name): such a value is UTF-8, whatever its label says.
            if Self.isSingleByte(lower), TextDecoding.firstInvalidUTF8(bytes) == nil {
                out.append(contentsOf: bytes)
                return .charsetIgnored(written)
            }
            if lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii" {
                name = nil
            } else if let canonical = TextEncodingName.canonical(lower), canonical.hasPrefix("utf-16") == false {
                name = canonical == "utf-8" ? nil : canonical
            } else if let foundation = Self.foundationEncodings[lower] {
                // Charsets TextDecoding does not cover: Foundation decodes them, off the hot path.
                if let s = String(bytes: bytes, encoding: foundation) {
                    out.append(contentsOf: s.utf8)
                    return .decoded
                }
                return .invalid(offset: errorBase, message: "the value is not valid \(written)")
            } else {
                if TextDecoding.firstInvalidUTF8(bytes) == nil {
                    out.append(contentsOf: bytes)
                    return .decoded
                }
                return .invalid(offset: errorBase, message: "unsupported CHARSET '\(written)'")
            }
        } else {
            name = fileEncoding
        }
        if let name {
            return Self.appendSingleByte(bytes, encoding: name, errorBase: errorBase, exactOffsets: exactOffsets, into: &out)
        }
        if let bad = TextDecoding.firstInvalidUTF8(bytes) {
            if quotedPrintable && charset == nil {
                let start = out.count
                let outcome = Self.appendSingleByte(bytes, encoding: "windows-1252", errorBase: errorBase, exactOffsets: false, into: &out)
                if case .invalid = outcome {
                    out.removeSubrange(start...)
                    return outcome
                }
                return .assumedWindows1252
            }
            let message = "byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) is not valid UTF-8"
            if charset == nil && !quotedPrintable && exactOffsets { return .notUTF8(offset: errorBase + bad, message: message) }
            return .invalid(offset: errorBase + (exactOffsets ? bad : 0), message: message)
        }
        if charset == nil { sawNonASCIIUTF8 = true }
        out.append(contentsOf: bytes)
        return .decoded
    }

    private static func appendSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String, errorBase: Int, exactOffsets: Bool,
                                         into out: inout [UInt8]) -> Outcome {
        for (i, b) in bytes.enumerated() {
            guard let v = TextDecoding.scalar(b, encoding: encoding) else {
                // Windows-1252's five undefined bytes: map them to their C1 controls (as WHATWG does)
                // would hide an error, so they are reported.
                return .invalid(offset: errorBase + (exactOffsets ? i : 0),
                                message: "byte 0x\(String(b, radix: 16, uppercase: true)) is not defined in \(encoding)")
            }
            appendUTF8(v, to: &out)
        }
        return .decoded
    }

    /// Whether a CHARSET name (lowercased) is a single-byte encoding: TextDecoding's, or one of
    /// Foundation's ISO-8859 and Windows code pages.
    static func isSingleByte(_ lower: String) -> Bool {
        if let canonical = TextEncodingName.canonical(lower) { return !canonical.hasPrefix("utf-") }
        return foundationEncodings[lower] != nil && (lower.hasPrefix("iso-8859") || lower.hasPrefix("latin") || lower.hasPrefix("windows-") || lower.hasPrefix("cp"))
    }

    /// CHARSET names beyond TextDecoding's three single-byte encodings.
    static let foundationEncodings: [String: String.Encoding] = [
        "iso-8859-2": .isoLatin2, "latin2": .isoLatin2, "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
        "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251, "windows-1253": .windowsCP1253,
        "windows-1254": .windowsCP1254, "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS,
        "euc-jp": .japaneseEUC, "iso-2022-jp": .iso2022JP,
    ]

    /// Decodes `=XX` escapes (soft line breaks were already joined by the line reader). An `=`
    /// not followed by two hex digits is kept as written. Hand-written: Foundation has no
    /// quoted-printable decoder, and this one appends into a reused buffer.
    static func decodeQuotedPrintable(_ v: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(v.count)
        var i = 0
        while i < v.count {
            let b = v[i]
            if b == UInt8(ascii: "="), i + 2 < v.count, let h = hex(v[i + 1]), let l = hex(v[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
    }

    @inline(__always)
    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Decodes base64 (whitespace ignored, stops at '='); returns the offset of a bad byte.
    /// Hand-written rather than `Data(base64Encoded:)`, which rejects folded input and says
    /// nothing about where it failed; only text properties sent as base64 come here.
    static func decodeBase64(_ v: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Int? {
        var acc: UInt32 = 0
        var bits = 0
        for (i, b) in v.enumerated() {
            let d: UInt32
            switch b {
            case 0x41...0x5A: d = UInt32(b - 0x41)
            case 0x61...0x7A: d = UInt32(b - 0x61 + 26)
            case 0x30...0x39: d = UInt32(b - 0x30 + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): d = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): d = 63
            case UInt8(ascii: "="): return nil
            case 0x20, 0x09, 0x0D, 0x0A: continue
            default: return i
            }
            acc = (acc << 6) | d
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return nil
    }
}
