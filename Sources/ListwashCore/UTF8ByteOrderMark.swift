/// The UTF-8 byte order mark (U+FEFF in UTF-8), which editors and spreadsheets write at the
/// start of a file, and which is no part of the text after it: one definition for the readers
/// that step over it (stage input, exclusion lists, vCards, XML prologs).
public enum UTF8ByteOrderMark {
    public static let bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether `buffer` starts with the mark.
    @inlinable public static func starts(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
    }

    /// `buffer` without a leading mark.
    @inlinable public static func dropped(from buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        starts(buffer) ? UnsafeBufferPointer(rebasing: buffer[3...]) : buffer
    }
}
