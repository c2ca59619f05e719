/// Addresses typed with an East Asian input method left in full-width mode: `ｊａｎｅ＠ｘ．ｃｏｍ`
/// is `jane@x.com` in the full-width forms of ASCII (U+FF01 to U+FF5E), which no mail system
/// reads as the ASCII address. Folded to ASCII by hand (each form is its ASCII character plus
/// 0xFEE0) rather than by NFKC, which would also rewrite letters of other scripts in the local
/// part that are the address as written.
enum FullWidthEmail {
    /// `address` with its full-width ASCII forms made ASCII, or nil when it has none.
    static func folded(_ address: String) -> String? {
        // Every full-width form is three UTF-8 bytes starting 0xEF: one byte test rules out
        // nearly every address.
        let mayHold = address.utf8.withContiguousStorageIfAvailable { $0.contains(0xEF) } ?? address.utf8.contains(0xEF)
        guard mayHold, address.unicodeScalars.contains(where: isFullWidthASCII) else { return nil }
        var out = String.UnicodeScalarView()
        for s in address.unicodeScalars {
            out.append(isFullWidthASCII(s) ? Unicode.Scalar(s.value - 0xFEE0)! : s)
        }
        return String(out)
    }

    static func isFullWidthASCII(_ s: Unicode.Scalar) -> Bool { (0xFF01...0xFF5E).contains(s.value) }
}
