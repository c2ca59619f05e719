/// Trimming and whitespace collapsing over UTF-8, with an ASCII fast path: a value that needs no
/// change is returned as is (no allocation), which is the common case on the hot path.
enum Whitespace {
    /// Removes leading and trailing U+0020 SPACE and U+0009 TAB only (the reference workload's
    /// trim: ../shared/bench/README.md "Definitions").
    static func trimSpaceAndTab(_ s: String) -> String {
        var s = s
        return s.withUTF8 { buf -> String? in
            var lo = 0, hi = buf.count
            while lo < hi, buf[lo] == 0x20 || buf[lo] == 0x09 { lo += 1 }
            while hi > lo, buf[hi - 1] == 0x20 || buf[hi - 1] == 0x09 { hi -= 1 }
            if lo == 0 && hi == buf.count { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[lo..<hi]), as: UTF8.self)
        } ?? s
    }

    /// Removes leading and trailing space, tab and Unicode space separators (no-break space,
    /// U+2000–U+200A, U+3000 ...) and U+FEFF, but never CR or LF: a line break inside a cell is
    /// damage to report, not padding.
    static func trimSpaces(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        if first < 0x80, last < 0x80, first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return s }
        let scalars = s.unicodeScalars
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi, isPadding(scalars[lo]) { lo = scalars.index(after: lo) }
        while hi > lo, isPadding(scalars[scalars.index(before: hi)]) { hi = scalars.index(before: hi) }
        if lo == scalars.startIndex && hi == scalars.endIndex { return s }
        return String(scalars[lo..<hi])
    }

    /// Trims every Unicode whitespace character (including CR and LF) and collapses each inner
    /// run of whitespace to one space: for names and companies.
    static func collapse(_ s: String) -> String {
        if s.isEmpty || isCollapsedASCII(s.utf8) == true { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether ASCII text is as ``collapse(_:)`` leaves it (not empty, no whitespace but single
    /// spaces between other characters); nil when it is not ASCII (then only `collapse` knows).
    @inline(__always)
    static func isCollapsedASCII<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool? {
        var previousSpace = true
        for b in bytes {
            if b >= 0x80 { return nil }
            let space = b == 0x20
            if isASCIIWhitespace(b) && (!space || previousSpace) { return false }
            previousSpace = space
        }
        return !previousSpace
    }

    /// Padding removed by ``trimSpaces(_:)``.
    static func isPadding(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20, 0x09, 0xFEFF: return true
        case 0..<0x80: return false
        default: return c.properties.generalCategory == .spaceSeparator
        }
    }

    /// ASCII whitespace as `\s` matches it in the reference regex: space, tab, LF, VT, FF, CR.
    @inline(__always) static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }
}
