extension Array where Element == UInt8 {
    /// Appends `bytes` with one `memcpy`-like copy into the array's spare capacity (growing it
    /// geometrically, as `append` does).
    ///
    /// Why not `append(contentsOf:)`: over a buffer pointer it takes the generic sequence path,
    /// about 70 instructions a call in callgrind before the copy starts, and the hot paths call
    /// it once per field (the CSV reader's record buffer) and once or more per JSON value (the
    /// writers): 2.4 million calls on 100,000 rows.
    @inlinable @inline(__always)
    public mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        append(addingCapacity: n) { out in
            out.withUnsafeMutableBufferPointer { buffer, initialized in
                (buffer.baseAddress.unsafelyUnwrapped + initialized).initialize(from: source, count: n)
                initialized += n
            }
        }
    }

    /// ``appendBytes(_:)-(UnsafeBufferPointer<UInt8>)`` over raw bytes.
    @inlinable @inline(__always)
    public mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        appendBytes(bytes.assumingMemoryBound(to: UInt8.self))
    }
}
