/// Streaming conversion of a non-UTF-8 byte stream to UTF-8, chunk by chunk.
///
/// Bytes that are not valid in the source encoding (an unpaired UTF-16 surrogate, one of the
/// five bytes Windows-1252 leaves undefined) become the byte 0xFF, which is never valid UTF-8.
/// The reader above then rejects the record holding it as `encoding_invalid` with its line and
/// column, so nothing is replaced silently and one bad byte never stops the file.
public enum UTF8Transcoder {
    /// The byte written for an undecodable source unit: never valid in UTF-8.
    public static let invalidMarker: UInt8 = 0xFF

    /// A single-byte encoding (Windows-1252, ISO-8859-1, ISO-8859-15, Mac OS Roman) to UTF-8.
    public struct SingleByte {
        /// UTF-8 bytes of each source byte, packed: up to 3 bytes, length in `lengths`.
        private var table: [UInt8]
        private var lengths: [UInt8]

        public init(encoding: String) {
            table = [UInt8](repeating: 0, count: 256 * 3)
            lengths = [UInt8](repeating: 0, count: 256)
            for b in 0..<256 {
                guard let v = TextDecoding.scalar(UInt8(b), encoding: encoding), let u = Unicode.Scalar(v) else {
                    table[b * 3] = UTF8Transcoder.invalidMarker
                    lengths[b] = 1
                    continue
                }
                let enc = Array(String(Character(u)).utf8)
                for (i, x) in enc.enumerated() { table[b * 3 + i] = x }
                lengths[b] = UInt8(enc.count)
            }
        }

        /// Appends the UTF-8 form of `bytes` to `out`.
        public func transcode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
            out.reserveCapacity(out.count + bytes.count + bytes.count / 8)
            var runStart = 0
            for i in 0..<bytes.count where bytes[i] >= 0x80 {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                let b = Int(bytes[i])
                for k in 0..<Int(lengths[b]) { out.append(table[b * 3 + k]) }
                runStart = i + 1
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// UTF-16 (either byte order) to UTF-8, carrying an odd byte or a high surrogate across chunks.
    public struct UTF16 {
        public let bigEndian: Bool
        private var oddByte: UInt8?
        private var highSurrogate: UInt16?

        public init(bigEndian: Bool) { self.bigEndian = bigEndian }

        /// Appends the UTF-8 form of `bytes`; call ``finish(into:)`` at the end of input.
        public mutating func transcode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
            out.reserveCapacity(out.count + bytes.count)
            var i = 0
            if let odd = oddByte, bytes.count > 0 {
                unit(bigEndian ? UInt16(odd) << 8 | UInt16(bytes[0]) : UInt16(bytes[0]) << 8 | UInt16(odd), into: &out)
                oddByte = nil
                i = 1
            }
            while i + 1 < bytes.count {
                let u = bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i])
                if u < 0x80 && highSurrogate == nil { out.append(UInt8(u)) } else { unit(u, into: &out) }
                i += 2
            }
            if i < bytes.count { oddByte = bytes[i] }
        }

        /// Flushes what is left at the end of input (an odd byte or a lone high surrogate is invalid).
        public mutating func finish(into out: inout [UInt8]) {
            if highSurrogate != nil { out.append(UTF8Transcoder.invalidMarker); highSurrogate = nil }
            if oddByte != nil { out.append(UTF8Transcoder.invalidMarker); oddByte = nil }
        }

        private mutating func unit(_ u: UInt16, into out: inout [UInt8]) {
            if let high = highSurrogate {
                highSurrogate = nil
                if u >= 0xDC00 && u <= 0xDFFF {
                    let v = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00)
                    appendScalar(v, into: &out)
                    return
                }
                out.append(UTF8Transcoder.invalidMarker)
            }
            switch u {
            case 0xD800...0xDBFF: highSurrogate = u
            case 0xDC00...0xDFFF: out.append(UTF8Transcoder.invalidMarker)
            default: appendScalar(UInt32(u), into: &out)
            }
        }

        private func appendScalar(_ v: UInt32, into out: inout [UInt8]) {
            switch v {
            case 0..<0x80:
                out.append(UInt8(v))
            case 0x80..<0x800:
                out.append(UInt8(0xC0 | (v >> 6)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            case 0x800..<0x10000:
                out.append(UInt8(0xE0 | (v >> 12)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            default:
                out.append(UInt8(0xF0 | (v >> 18)))
                out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
    }

    /// The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence
    /// (so a chunk boundary that splits a character is not mistaken for invalid input).
    public static func completePrefixLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        var back = 0
        while back < 4 && back < n {
            let b = bytes[n - 1 - back]
            if b & 0xC0 != 0x80 {
                // A lead byte (or ASCII): how long is its sequence?
                let need = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                return need > back + 1 ? n - 1 - back : n
            }
            back += 1
        }
        return n
    }
}
