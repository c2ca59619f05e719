import ListwashCore

/// Local parts that reach a function or a team rather than a person (`info@`, `noreply@`), from
/// `rules/role-accounts/standard.txt` (shared with exclude's `role_accounts: standard`), with a
/// built-in copy when the rules folder is absent. Normalize only notes them; excluding them is
/// the exclude stage's job.
struct RoleAccounts: Sendable {
    let localParts: Set<String>
    private let prefilter: KeyPrefilter

    init(localParts: [String]) {
        self.localParts = Set(localParts.map { $0.lowercased() })
        prefilter = KeyPrefilter(keys: self.localParts)
    }

    static func load(context: StageContext) -> RoleAccounts {
        RoleAccounts(localParts: RulesData.entries("role-accounts/standard.txt", builtIn: builtIn, context: context).entries)
    }

    /// The role name `localPart` matches, also with a `+tag` (`info+web` is `info`).
    func match(_ localPart: String) -> String? {
        let lower = CaseFolding.lowercase(localPart)
        if localParts.contains(lower) { return lower }
        if let plus = lower.utf8.firstIndex(of: UInt8(ascii: "+")) {
            let base = String(Substring(lower.utf8[..<plus]))
            if localParts.contains(base) { return base }
        }
        return nil
    }

    /// False when ``match(_:)`` finds no role in the local part of these UTF-8 bytes: neither
    /// the whole of it nor the part before its first '+' can be a role name (`isASCII`: the
    /// caller knows the bytes are).
    func mayMatch(_ local: UnsafeBufferPointer<UInt8>, isASCII: Bool = false) -> Bool {
        if !(isASCII || KeyPrefilter.isASCII(local)) || prefilter.mayContain(local, count: local.count) { return true }
        guard let plus = local.firstIndex(of: UInt8(ascii: "+")) else { return false }
        return prefilter.mayContain(local, count: plus)
    }

    /// The built-in copy of rules/role-accounts/standard.txt (a test keeps them equal).
    static let builtIn: [String] = [
        "abuse", "admin", "administrator", "billing", "compliance", "contact", "customerservice", "devnull", "dns",
        "enquiries", "ftp", "help", "helpdesk", "hostmaster", "hr", "info", "inquiries", "jobs", "legal", "mail",
        "mailer-daemon", "marketing", "media", "no-reply", "noc", "noreply", "office", "postmaster", "press", "privacy",
        "root", "sales", "security", "support", "sysadmin", "team", "webmaster", "www",
    ]
}
