import CIDN2

/// Internationalized domain names to their ASCII (punycode) form through libidn2, with
/// UTS #46 non-transitional processing and IDNA2008 rules: what libidn2 rejects, listwash
/// rejects (PLATFORM.md §3).
enum IDNA {
    /// The result of converting one domain.
    enum Result: Equatable {
        case ascii(String)
        /// libidn2 refused the domain; the message is libidn2's own.
        case refused(String)
    }

    /// `domain` (NFC or not; libidn2 normalizes) in ASCII form.
    static func toASCII(_ domain: String) -> Result {
        var out: UnsafeMutablePointer<CChar>?
        let flags = Int32(IDN2_NONTRANSITIONAL.rawValue | IDN2_NFC_INPUT.rawValue)
        let rc = idn2_to_ascii_8z(domain, &out, flags)
        defer { idn2_free(out) }
        guard rc == Int32(IDN2_OK.rawValue), let out else {
            return .refused(idn2_strerror(rc).map { String(cString: $0) } ?? "error \(rc)")
        }
        return .ascii(String(cString: out))
    }

    /// `domain` in Unicode form (`xn--bcher-kva.de` → `bücher.de`), or nil when libidn2 cannot
    /// decode it.
    static func toUnicode(_ domain: String) -> String? {
        var out: UnsafeMutablePointer<CChar>?
        let rc = idn2_to_unicode_8z8z(domain, &out, 0)
        defer { idn2_free(out) }
        guard rc == Int32(IDN2_OK.rawValue), let out else { return nil }
        return String(cString: out)
    }
}
