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
        // one block and lowercased in place.
        var simple = true
        for i in start..<end where bytes[i] >= 0x80 || bytes[i] <= 0x20 { simple = false; break }
        if simple {
            let base = out.count
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            out.withUnsafeMutableBufferPointer { o in
                for i in base..<o.count where o[i] &- 0x41 < 26 { o[i] |= 0x20 }
            }
            return true
        }
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

    /// `text` trimmed and lowercased, as a String (load time and tests, not the record path).
    static func folded(_ text: String) -> String {
        var out: [UInt8] = []
        appendFolded(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
