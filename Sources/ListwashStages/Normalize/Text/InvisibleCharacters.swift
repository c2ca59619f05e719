import ListwashCore

/// Characters no name, company, tag or custom field value should hold, removed by normalize
/// with a note (a phone in `keep` mode is passed as written, by definition): C0 and C1
/// control characters other than whitespace (NUL, ESC, DEL ...: terminal escapes and truncation
/// in the systems the contacts go to), and the invisible format characters that change how
/// text around them looks without being seen: zero-width space U+200B, word joiner U+2060,
/// U+FEFF, and the bidirectional embeddings, overrides and isolates U+202A–U+202E and
/// U+2066–U+2069 (the "Trojan Source" characters). Zero-width joiners and non-joiners stay:
/// scripts such as Persian and emoji sequences need them. Whitespace (tab, line breaks) is
/// left to the trimming rules.
enum InvisibleCharacters {
    /// `text` without those characters and the ones removed, or `text` itself and none.
    @inline(__always)
    static func removed(from text: String) -> (text: String, removed: [Unicode.Scalar]) {
        guard mayHold(text) else { return (text, []) }
        return removedScanning(text)
    }

    /// ``removed(from:)`` without the ``mayHold(_:)`` check, for a caller that made it. The
    /// rare path: kept out of line, so the callers' common path stays small.
    @inline(never)
    static func removedScanning(_ text: String) -> (text: String, removed: [Unicode.Scalar]) {
        var kept = String.UnicodeScalarView()
        var removed: [Unicode.Scalar] = []
        for c in text.unicodeScalars {
            if isInvisible(c) { removed.append(c) } else { kept.append(c) }
        }
        return removed.isEmpty ? (text, []) : (String(kept), removed)
    }

    /// The note for `removed`, taken from `field`.
    static func note(_ removed: [Unicode.Scalar], field: String) -> Note {
        var shown: [String] = []
        for c in removed where shown.count < 4 {
            let code = "U+" + CharacterClass.hex4(c.value)
            if !shown.contains(code) { shown.append(code) }
        }
        let what = removed.count == 1 ? "1 control or invisible character" : "\(removed.count) control or invisible characters"
        return Note(code: "invisible_removed", field: field, message: "removed \(what) (\(shown.joined(separator: ", ")))")
    }

    static func isInvisible(_ c: Unicode.Scalar) -> Bool { InvisibleScalars.contains(c) }

    /// Whether `text` has a byte that may begin one: a control byte, or the lead bytes of C1
    /// controls (0xC2) and of the format characters (0xE2, 0xEF). Nearly every value has none
    /// and is passed in words of eight bytes (``ByteWord``): only a value with a control or
    /// non-ASCII byte is looked at byte by byte. The byte loop alone cost 6% of `normalize`.
    @inline(__always)
    static func mayHold(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(mayHold) ?? Array(text.utf8).withUnsafeBufferPointer(mayHold)
    }

    static func mayHold(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            if mayHold(word: ByteWord.load(p + i)) { return true }
            i += 8
        }
        guard i < n else { return false }
        // The last bytes: as one word overlapping bytes already passed, or one by one for a
        // value shorter than a word (most names), printable ASCII in one comparison each.
        if n >= 8 { return mayHold(word: ByteWord.load(p + n - 8)) }
        while i < n {
            let b = p[i]
            if b &- 0x20 >= 0x5F && mayBegin(b) { return true }
            i += 1
        }
        return false
    }

    /// Whether byte `b`, not printable ASCII, may begin one.
    @inline(__always)
    private static func mayBegin(_ b: UInt8) -> Bool {
        b < 0x20 ? !(0x09...0x0D).contains(b) : b == 0x7F || b == 0xC2 || b == 0xE2 || b == 0xEF
    }

    /// Whether the eight bytes of `w` hold DEL, a lead byte 0xC2, 0xE2 or 0xEF, or a control
    /// byte other than whitespace (0x09 ... 0x0D).
    @inline(__always)
    private static func mayHold(word w: UInt64) -> Bool {
        if ByteWord.nonASCII(w) | ByteWord.below(w, 0x20) | ByteWord.equal(w, 0x7F) == 0 { return false }
        if ByteWord.equalExactly(w, 0x7F) | ByteWord.equalExactly(w, 0xC2) | ByteWord.equalExactly(w, 0xE2) | ByteWord.equalExactly(w, 0xEF) != 0 { return true }
        guard ByteWord.below(w, 0x20) != 0 else { return false }
        for k in 0..<8 where mayBegin(UInt8(truncatingIfNeeded: w >> UInt64(8 * k))) { return true }
        return false
    }
}
