/// Domains that never receive mail: the special-use names of RFC 6761 (`localhost`, `invalid`,
/// `test`, `example`), `.local` (RFC 6762), `.onion` (RFC 7686), `.alt` (RFC 9476) and `.arpa`
/// (infrastructure, including `home.arpa`, RFC 8375). Matched on the last label, so
/// `host.localhost` and `shop.example` are special-use while `example.com` is not.
enum SpecialUseDomains {
    static let topLevel: Set<String> = ["localhost", "invalid", "test", "example", "local", "onion", "alt", "arpa"]

    /// The special-use label `asciiDomain` ends in, if any.
    static func match(_ asciiDomain: String) -> String? {
        let utf8 = asciiDomain.utf8
        let last = utf8.lastIndex(of: UInt8(ascii: ".")).map { String(Substring(utf8[utf8.index(after: $0)...])) } ?? asciiDomain
        return topLevel.contains(last) ? last : nil
    }
}
