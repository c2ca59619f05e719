import ListwashCore

/// Byte-level text folding shared by dedupe and exclude: how a value is compared, not how it
/// is sent. ASCII is handled byte by byte; anything else takes Unicode's lowercase mapping.
enum KeyText {
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }

    /// Appends `text` trimmed, lowercased, with inner runs of whitespace folded to one space.
    /// Returns false when nothing was appended (the value is empty after trimming).
    @discardableResult
    static func appendFolded(_ text: String, to out: inout [UInt8]) -> Bool {
        // A native string's bytes are read in place; copying it for `withUTF8` cost a retain
        // and a release per key.
        if let folded = text.utf8.withContiguousStorageIfAvailable({ appendFolded($0, to: &out) }) { return folded }
        var text = text
        return text.withUTF8 { appendFolded($0, to: &out) }
    }

    /// ``appendFolded(_:to:)`` over UTF-8 bytes.
    @discardableResult
    static func appendFolded(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        var start = 0, end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        if start == end { return false }
        // Fast path (nearly every address): printable ASCII without inner spaces is copied in
        // one block and lowercased in place, eight bytes at a time (``appendSimpleLowered(_:to:)``).
        if appendSimpleLowered(UnsafeBufferPointer(rebasing: bytes[start..<end]), to: &out) { return true }
        var ascii = true
        for i in start..<end where bytes[i] >= 0x80 { ascii = false; break }
        if !ascii {
            let lowered = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased()
            var inSpace = false
            for b in lowered.utf8 {
                if isSpace(b) { inSpace = true; continue }
                if inSpace { out.append(0x20); inSpace = false }
                out.append(b)
            }
            return true
        }
        var inSpace = false
        for i in start..<end {
            var b = bytes[i]
            if isSpace(b) { inSpace = true; continue }
            if inSpace { out.append(0x20); inSpace = false }
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            out.append(b)
        }
        return true
    }

    /// Appends `bytes` ASCII-lowercased when every byte is printable ASCII other than space
    /// (0x21 ... 0x7F); returns false, appending nothing, otherwise. Tests and lowercases eight
    /// bytes per step (``ByteWord``): the byte loops were 500 instructions per address, paid
    /// twice per record in a run (the dedupe key and the exclusion lookup).
    @inline(__always)
    static func appendSimpleLowered(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        let n = bytes.count
        guard let p = bytes.baseAddress else { return true }
        var i = 0
        while i + 8 <= n {
            let w = ByteWord.load(p + i)
            if ByteWord.below(w, 0x21) | ByteWord.nonASCII(w) != 0 { return false }
            i += 8
        }
        while i < n {
            if p[i] <= 0x20 || p[i] >= 0x80 { return false }
            i += 1
        }
        let base = out.count
        out.append(contentsOf: bytes)
        out.withUnsafeMutableBufferPointer { o in
            let q = o.baseAddress! + base
            var k = 0
            while k + 8 <= n {
                let w = ByteWord.load(q + k)
                UnsafeMutableRawPointer(q + k).storeBytes(of: (w | upperBits(w)).littleEndian, as: UInt64.self)
                k += 8
            }
            while k < n {
                if q[k] &- 0x41 < 26 { q[k] |= 0x20 }
                k += 1
            }
        }
        return true
    }

    /// 0x20 in each byte of `w` that is `A` ... `Z`, for bytes all below 0x80 (no carry
    /// between bytes: each byte plus 0x3F or 0x25 stays below 0x100).
    @inline(__always)
    static func upperBits(_ w: UInt64) -> UInt64 {
        let atLeastA = (w &+ ByteWord.ones &* 0x3F) & ByteWord.high   // byte + 0x3F ≥ 0x80 ⇔ byte ≥ 0x41
        let aboveZ = (w &+ ByteWord.ones &* 0x25) & ByteWord.high     // byte + 0x25 ≥ 0x80 ⇔ byte ≥ 0x5B
        return (atLeastA & ~aboveZ) >> 2
    }

    /// `text` trimmed and lowercased, as a String (load time and tests, not the record path).
    static func folded(_ text: String) -> String {
        var out: [UInt8] = []
        appendFolded(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
