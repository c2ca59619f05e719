import CMemory

extension ContactRecord {
    /// Asks the processor for the record's box ahead of its use, without waiting for it.
    ///
    /// `listwash run` makes each record on its reading thread and dedupes, excludes and writes
    /// it on the other, whose first touch of the record's memory is a cache miss. Taken one
    /// record at a time, each miss was waited for inside the first retain (an atomic instruction
    /// the processor does not overlap with anything): a sixth of that thread's samples were in
    /// `swift_retain`. Asked for a few records ahead, the misses are served meanwhile.
    @inlinable public func prefetchBox() {
        listwash_prefetch(Unmanaged.passUnretained(storage).toOpaque())
    }

    /// Asks for the storage of the record's common string values (email, names, phone,
    /// account) ahead of their use; call it once the box itself has arrived
    /// (``prefetchBox()`` some records earlier), since their addresses are read from it.
    ///
    /// The storage address is read from the string's bits as the standard library lays out a
    /// native string on 64-bit platforms. Nothing depends on it being right: a prefetch of any
    /// address never faults and changes nothing but the cache, and a small string (up to 15
    /// bytes, stored inline) has no storage to ask for.
    public func prefetchValues() {
        // The strings' bits are read in place: a copy of one would retain it, touching its
        // storage, the very miss this is meant to hide.
        Self.prefetch(&storage.email)
        Self.prefetch(&storage.firstName)
        Self.prefetch(&storage.lastName)
        Self.prefetch(&storage.phone)
        Self.prefetch(&storage.customerAcctName)
    }

    @inline(__always) static func prefetch(_ value: UnsafeMutablePointer<String?>) {
        // The second word of a String: a native string's storage object's address in the low
        // 60 bits, under a top nibble of 0 (the other forms, small, immortal, shared or foreign,
        // set one of its bits; an absent value is zero); its bytes start 32 bytes in.
        let object = UnsafeRawPointer(value).load(fromByteOffset: 8, as: UInt64.self)
        guard object >> 60 == 0, object != 0, let pointer = UnsafeRawPointer(bitPattern: UInt(object)) else { return }
        listwash_prefetch(pointer)
        listwash_prefetch(pointer + 63)
    }
}
