import ListwashCore

/// Decoding of the legacy and UTF-16 encodings that contact exports arrive in. Written by hand
/// because Foundation's `String(data:encoding:)` replaces or rejects bytes without saying where,
/// and listwash must name the line and column of undecodable bytes (and never replace silently).
public enum TextDecoding {
    /// Windows-1252's 0x80...0x9F block (other bytes map to the same code point as ISO-8859-1).
    /// nil marks the five bytes Windows-1252 leaves undefined.
    static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    /// Mac OS Roman's upper half (0x80...0xFF), as Apple's mapping table and Python's
    /// `mac_roman` codec give it (0xDB is the euro sign since Mac OS 8.5, 0xF0 the Apple logo in
    /// the private use area). Excel for Mac still saves its plain "CSV" in this encoding.
    static let macRomanHigh: [UInt32] = [
        0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
        0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
        0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
        0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
        0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
        0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
        0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
    ]

    /// ISO-8859-15 differs from ISO-8859-1 in eight positions.
    static let latin9: [UInt8: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]

    /// The Unicode scalar of byte `b` in a single-byte encoding, or nil when undefined there.
    public static func scalar(_ b: UInt8, encoding: String) -> UInt32? {
        if b < 0x80 { return UInt32(b) }
        switch encoding {
        case "windows-1252":
            if b >= 0x80 && b <= 0x9F { return windows1252High[Int(b - 0x80)] }
            return UInt32(b)
        case "iso-8859-15":
            return latin9[b] ?? UInt32(b)
        case "macintosh":
            return macRomanHigh[Int(b - 0x80)]
        default:
            return UInt32(b)
        }
    }

    /// Decodes single-byte text; returns the offset of the first undefined byte on failure.
    public static func decodeSingleByte(_ bytes: some Collection<UInt8>, encoding: String) -> Result<String, DecodingFailure> {
        var s = String()
        s.reserveCapacity(bytes.count)
        var offset = 0
        for b in bytes {
            guard let v = scalar(b, encoding: encoding), let u = Unicode.Scalar(v) else {
                return .failure(DecodingFailure(offset: offset, byte: b))
            }
            s.unicodeScalars.append(u)
            offset += 1
        }
        return .success(s)
    }

    /// Decodes UTF-16 (no BOM expected in `bytes`); fails on unpaired surrogates or an odd length.
    public static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> Result<String, DecodingFailure> {
        if bytes.count % 2 != 0 { return .failure(DecodingFailure(offset: bytes.count - 1, byte: bytes[bytes.count - 1])) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i < bytes.count {
            let u = bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i])
            units.append(u)
            i += 2
        }
        var s = String()
        var it = units.makeIterator()
        var parser = Unicode.UTF16.ForwardParser()
        var unitOffset = 0
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let enc):
                s.unicodeScalars.append(Unicode.UTF16.decode(enc))
                unitOffset += enc.count
            case .emptyInput:
                return .success(s)
            case .error:
                return .failure(DecodingFailure(offset: unitOffset * 2, byte: bytes[unitOffset * 2]))
            }
        }
    }

    /// Whether `bytes` is valid UTF-8; on failure, the offset of the first bad byte.
    public static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var it = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let enc): offset += enc.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

/// Where decoding failed: the byte offset in the decoded slice, and the byte.
public struct DecodingFailure: Error, Sendable, Hashable {
    public var offset: Int
    public var byte: UInt8
}

extension TextDecoding {
    /// Whether `bytes` is well-formed UTF-8 (``UTF8Validity``, shared with the JSON scanner).
    @inlinable
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UTF8Validity.isValid(bytes)
    }
}
