/// The bytes a JSON string must escape, tested eight at a time (``ByteWord``): what lets the
/// scanner and the writer skip the clean stretches of a value (nearly all of it) without a
/// per-byte loop.
public enum JSONEscaping {
    /// Whether any of the eight bytes of `w` is below 0x20, `"` or `\` (the bytes JSON escapes).
    @inlinable @inline(__always) public static func needsEscape(_ w: UInt64) -> Bool { escapeMask(w) != 0 }

    /// The bytes of `w` that JSON escapes, exact up to the first (``ByteWord``): its
    /// ``ByteWord/firstIndex(_:)`` is where a scanner can jump.
    @inlinable @inline(__always) public static func escapeMask(_ w: UInt64) -> UInt64 {
        ByteWord.below(w, 0x20) | ByteWord.equal(w, 0x22) | ByteWord.equal(w, 0x5C)
    }
}
