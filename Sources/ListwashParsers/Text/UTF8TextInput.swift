import ListwashCore

/// Any input of text as UTF-8 bytes, read in chunks (the unit ``CSVReader`` scans).
public protocol UTF8ChunkSource: AnyObject {
    /// Appends the next UTF-8 bytes to `buffer`; returns how many, 0 at the end of input.
    func read(into buffer: inout [UInt8]) throws(InputError) -> Int
}

/// A byte input decoded to UTF-8, chunk by chunk, whatever the file's encoding.
///
/// How the encoding is chosen (reported by ``encoding``, ``bom`` and ``how``):
/// 1. `forced` (the `--encoding` setting) wins; a matching BOM is still dropped.
/// 2. A BOM: EF BB BF is UTF-8, FF FE UTF-16LE, FE FF UTF-16BE. The BOM is dropped.
/// 3. Otherwise the first chunk (1 MiB, or the whole input if shorter) is checked: valid UTF-8
///    means UTF-8. UTF-8 with a few stray bytes (more valid multi-byte characters than invalid
///    bytes: a Windows-1252 file almost never holds a valid UTF-8 sequence) is UTF-8 too, and
///    only the records with those bytes are rejected; reading it all as Windows-1252 turned every
///    correct name into mojibake. Text whose every other byte is zero is UTF-16 without a BOM
///    (``utf16WithoutBOM(_:)``). Anything else is read in a single-byte encoding for the whole
///    file: Windows-1252, or Mac OS Roman when its accented letters read clearly better so
///    (``LegacyEncodingGuess``).
///
/// Non-UTF-8 input is transcoded as it streams (``UTF8Transcoder``). In UTF-8 mode bytes pass
/// through untouched, so an invalid sequence after the first chunk reaches the reader as is
/// and becomes that record's `encoding_invalid` reject; nothing is ever replaced.
public final class UTF8TextInput: UTF8ChunkSource {
    /// How the encoding was chosen.
    public enum Choice: String, Sendable { case forced, bom, detected, mostlyUTF8, utf16Pattern, macRoman, fallback }

    public let path: String
    /// Canonical encoding name (`utf-8`, `utf-16le`, `windows-1252`, ...).
    public private(set) var encoding: String
    /// The BOM found at the start, by encoding name, if any.
    public private(set) var bom: String?
    public private(set) var how: Choice

    private let input: ByteInput
    private var first: [UInt8]
    private var firstConsumed = false
    private var single: UTF8Transcoder.SingleByte?
    private var utf16: UTF8Transcoder.UTF16?
    private var scratch: [UInt8] = []
    private var finished = false

    /// Opens `input`, reading its first chunk to choose the encoding.
    public init(_ input: ByteInput, forcedEncoding: String? = nil) throws(InputError) {
        self.input = input
        path = input.path
        var head: [UInt8] = []
        while head.count < ByteInput.chunkSize, try input.read(into: &head, max: ByteInput.chunkSize - head.count) > 0 {}
        let eof = head.count < ByteInput.chunkSize

        var bomEncoding: String?
        var bomLength = 0
        if head.starts(with: UTF8ByteOrderMark.bytes) { bomEncoding = "utf-8"; bomLength = 3 }
        else if head.starts(with: [0xFF, 0xFE]) { bomEncoding = "utf-16le"; bomLength = 2 }
        else if head.starts(with: [0xFE, 0xFF]) { bomEncoding = "utf-16be"; bomLength = 2 }

        if let forced = forcedEncoding {
            encoding = forced
            how = .forced
            if bomEncoding == forced { bom = forced; head.removeFirst(bomLength) }
        } else if let b = bomEncoding {
            encoding = b
            bom = b
            how = .bom
            head.removeFirst(bomLength)
        } else if let utf16 = Self.utf16WithoutBOM(head) {
            encoding = utf16
            how = .utf16Pattern
        } else {
            let evidence = head.withUnsafeBufferPointer { p in
                Self.utf8Evidence(UnsafeBufferPointer(rebasing: p[0..<(eof ? p.count : UTF8Transcoder.completePrefixLength(p))]))
            }
            if evidence.invalid == 0 {
                encoding = "utf-8"
                how = .detected
            } else if evidence.multibyte > evidence.invalid {
                encoding = "utf-8"
                how = .mostlyUTF8
            } else {
                encoding = head.withUnsafeBufferPointer { LegacyEncodingGuess.encoding(of: $0) }
                how = encoding == LegacyEncodingGuess.macRoman ? .macRoman : .fallback
            }
        }
        switch encoding {
        case "utf-8": break
        case "utf-16le": utf16 = UTF8Transcoder.UTF16(bigEndian: false)
        case "utf-16be": utf16 = UTF8Transcoder.UTF16(bigEndian: true)
        default: single = UTF8Transcoder.SingleByte(encoding: encoding)
        }
        first = head
    }

    /// A one-line account for people: `windows-1252 (not valid UTF-8)`.
    public var encodingFact: String {
        switch how {
        case .forced: return "\(encoding) (--encoding)"
        case .bom: return "\(encoding) (BOM)"
        case .detected: return encoding
        case .mostlyUTF8: return "\(encoding) (valid UTF-8 but for a few bytes: their records are rejected as encoding_invalid)"
        case .utf16Pattern: return "\(encoding) (no BOM; told by its zero bytes)"
        case .macRoman: return "\(encoding) (the input is not valid UTF-8, and its accented letters read as Mac OS Roman, as Excel for Mac saves CSV; '--encoding windows-1252' if they do not)"
        case .fallback: return "\(encoding) (the input is not valid UTF-8)"
        }
    }

    /// UTF-16 without a byte order mark (some "Unicode text" saves of Excel and Outlook): text
    /// whose every other byte is zero, in the even places (big-endian) or the odd ones (little-
    /// endian), judged on the first 4 KiB. Nil for anything else: text in UTF-8 or a single-byte
    /// encoding has no zero bytes. Read as Windows-1252, such a file split at every half line
    /// ending and filled each value with NULs.
    static func utf16WithoutBOM(_ head: [UInt8]) -> String? {
        let n = min(head.count, 4096) & ~1
        guard n >= 8 else { return nil }
        var zeroEven = 0, zeroOdd = 0
        for i in stride(from: 0, to: n, by: 2) {
            if head[i] == 0 { zeroEven += 1 }
            if head[i + 1] == 0 { zeroOdd += 1 }
        }
        let pairs = n / 2
        // Mostly ASCII-range text: most pairs have one zero byte, always on the same side.
        if zeroOdd * 10 >= pairs * 6 && zeroEven * 20 <= pairs { return "utf-16le" }
        if zeroEven * 10 >= pairs * 6 && zeroOdd * 20 <= pairs { return "utf-16be" }
        return nil
    }

    /// Valid multi-byte UTF-8 characters and invalid bytes (each invalid sequence counts one) in `bytes`.
    static func utf8Evidence(_ bytes: UnsafeBufferPointer<UInt8>) -> (multibyte: Int, invalid: Int) {
        var multibyte = 0, invalid = 0
        var rest = bytes
        while !rest.isEmpty {
            let bad = TextDecoding.firstInvalidUTF8(rest) ?? rest.count
            // In valid UTF-8 every byte from 0xC2 up is the lead byte of a multi-byte character.
            for b in rest[rest.startIndex..<(rest.startIndex + bad)] where b >= 0xC2 { multibyte += 1 }
            guard bad < rest.count else { break }
            invalid += 1
            rest = UnsafeBufferPointer(rebasing: rest[(rest.startIndex + bad + 1)...])
        }
        return (multibyte, invalid)
    }

    public func read(into buffer: inout [UInt8]) throws(InputError) -> Int {
        if finished { return 0 }
        let before = buffer.count
        var raw: [UInt8]
        if !firstConsumed {
            firstConsumed = true
            raw = first
            first = []
        } else {
            scratch.removeAll(keepingCapacity: true)
            _ = try input.read(into: &scratch)
            raw = scratch
        }
        if raw.isEmpty {
            finished = true
            if var t = utf16 { t.finish(into: &buffer); utf16 = t }
            return buffer.count - before
        }
        if single == nil && utf16 == nil {
            buffer.append(contentsOf: raw)
        } else if let s = single {
            raw.withUnsafeBufferPointer { s.transcode($0, into: &buffer) }
        } else if var t = utf16 {
            raw.withUnsafeBufferPointer { t.transcode($0, into: &buffer) }
            utf16 = t
        }
        // A chunk that transcodes to nothing (one odd UTF-16 byte) must not look like the end.
        if buffer.count == before { return try read(into: &buffer) }
        return buffer.count - before
    }
}

/// UTF-8 bytes held in memory, served in chunks of a chosen size (tests, and small inputs).
public final class UTF8BytesInput: UTF8ChunkSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunk: Int

    public init(_ bytes: [UInt8], chunkSize: Int = ByteInput.chunkSize) {
        self.bytes = bytes
        chunk = max(1, chunkSize)
    }

    public func read(into buffer: inout [UInt8]) throws(InputError) -> Int {
        let n = min(chunk, bytes.count - offset)
        if n <= 0 { return 0 }
        buffer.append(contentsOf: bytes[offset..<offset + n])
        offset += n
        return n
    }
}
