/// Builds a message from pieces in one byte buffer, made into a `String` once: for the texts
/// written for many records (a duplicate's reason), where interpolation cost about 400
/// instructions per piece (a `String.append` each) and the message 7,800 per duplicate.
public struct TextBuilder {
    @usableFromInline var bytes: [UInt8]

    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable public mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable public mutating func append(_ s: String) {
        // A native string lends its bytes in place; others are copied once.
        if s.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: s.utf8)
        }
    }

    public mutating func append(_ n: Int) { JSONWriter.appendDecimal(n, to: &bytes) }

    /// `file:line`, as ``Provenance/description`` writes it.
    public mutating func append(_ p: Provenance) {
        append(p.file)
        bytes.append(UInt8(ascii: ":"))
        append(p.line)
    }

    /// The text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
