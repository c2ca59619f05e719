/// How a few big mailbox providers document that different spellings reach the same mailbox,
/// used by dedupe's `provider_rules` to *match* such addresses. The address sent is never
/// rewritten: the rules change only the bytes that are fingerprinted.
///
/// - Gmail (`gmail.com`, `googlemail.com`): dots in the local part are ignored and everything
///   from `+` on is a tag; `googlemail.com` is the same mailbox as `gmail.com`
///   (support.google.com/mail/answer/7436150 and /10313).
/// - Plus addressing (tag after `+`) on Outlook.com/Hotmail/Live/MSN, iCloud (`icloud.com`,
///   `me.com`, `mac.com`), Fastmail and Proton (`protonmail.com`, `proton.me`, `pm.me`).
///   Dots are significant there, and domains are not merged: `me.com` and `icloud.com` share a
///   mailbox only for some accounts, and a wrong merge loses a person.
enum ProviderRules {
    static let gmailDomains: Set<[UInt8]> = [Array("gmail.com".utf8), Array("googlemail.com".utf8)]
    static let plusDomains: Set<[UInt8]> = Set([
        "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com", "mac.com",
        "fastmail.com", "fastmail.fm", "protonmail.com", "proton.me", "pm.me",
    ].map { Array($0.utf8) })
    static let gmail = Array("gmail.com".utf8)

    /// Rewrites the folded address in `key[from...]` into its matching form, in place.
    static func canonicalize(_ key: inout [UInt8], from: Int) {
        guard let at = key[from...].lastIndex(of: UInt8(ascii: "@")), at > from else { return }
        let domain = Array(key[(at + 1)...])
        let isGmail = gmailDomains.contains(domain)
        guard isGmail || plusDomains.contains(domain) else { return }
        var local: [UInt8] = []
        local.reserveCapacity(at - from)
        for b in key[from..<at] {
            if b == UInt8(ascii: "+") { break }
            if isGmail && b == UInt8(ascii: ".") { continue }
            local.append(b)
        }
        // "+tag@gmail.com" or "...@gmail.com" has no mailbox name left: keep it as written.
        guard !local.isEmpty else { return }
        key.removeSubrange(from...)
        key.append(contentsOf: local)
        key.append(UInt8(ascii: "@"))
        key.append(contentsOf: isGmail ? gmail : domain)
    }
}
