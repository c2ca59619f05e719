import ListwashCore

/// Normalizes and checks one email address (issue 5 "Email", DESIGN §3 `normalize`).
///
/// Strict syntax (the default) is RFC 5321/5322 as mail systems accept it: trim; Unicode NFC;
/// lowercase (the local part too unless `lowercase_local: false`); a dot-atom local part (no
/// quoted local parts); a dotted domain of LDH labels (1–63 characters, no leading or trailing
/// hyphen) ending in something that looks like a TLD, internationalized domains converted to
/// punycode by libidn2 (IDNA2008); no IP-literal domains; 64/254 length limits; special-use
/// domains rejected unless allowed. ASCII addresses, almost all of them, never reach the
/// Unicode work. Basic syntax is the reference workload's regex (see ``BasicEmailSyntax``).
public struct EmailNormalizer: Sendable {
    /// Which syntax rules apply.
    public enum Syntax: String, Sendable, CaseIterable {
        case strict, basic
    }

    /// The email settings of the stage.
    public struct Options: Sendable {
        public var syntax: Syntax = .strict
        public var rejectSpecialUse = true
        public var fixTypos = false
        public var lowercaseLocal = true
        public var noteRoleAccounts = true
        public init() {}
    }

    /// What became of an address.
    public enum Outcome: Equatable, Sendable {
        /// The normalized address, with notes (typo suggestions, role accounts).
        case accepted(String, notes: [Note])
        case rejected(RejectCode, reason: String, fix: String?)
    }

    public let options: Options
    let typos: TypoDomains
    let roles: RoleAccounts

    /// An email normalizer with the shipped (or built-in) typo and role-account lists.
    public init(options: Options, context: StageContext = StageContext()) {
        self.init(options: options, typos: TypoDomains.load(context: context), roles: RoleAccounts.load(context: context))
    }

    init(options: Options, typos: TypoDomains, roles: RoleAccounts) {
        self.options = options
        self.typos = typos
        self.roles = roles
    }

    /// Normalizes `raw` (nil or empty: `email_missing`).
    public func normalize(_ raw: String?) -> Outcome {
        var log = EditLog(enabled: false)
        return normalize(raw, log: &log)
    }

    /// Normalizes `raw`, recording each rule that changed it in `log`.
    func normalize(_ raw: String?, log: inout EditLog) -> Outcome {
        guard let raw, !raw.isEmpty else {
            return .rejected(.emailMissing, reason: "the record has no email address", fix: "add the contact's email address, or map the column that holds it")
        }
        // The hot path of the reference workload: a valid ASCII address under basic syntax in
        // one pass over its bytes (``BasicEmailSyntax/acceptASCII(_:lowercaseLocal:)``). Anything
        // else, and every run that explains its changes, takes the general path below, which
        // gives the same result for what the fast path accepts (a property test holds them equal).
        if options.syntax == .basic, !log.isEnabled, let fast = BasicEmailSyntax.acceptASCII(raw, lowercaseLocal: options.lowercaseLocal) {
            return finish(fast.address, strict: false, asciiAt: fast.at, log: &log)
        }
        return normalizeGeneral(raw, log: &log)
    }

    /// What ``normalize(utf8:appendingTo:)`` could tell from an address's bytes.
    enum BytesOutcome: Equatable {
        /// ``normalize(_:)`` returns the address as it is, with no note.
        case unchanged
        /// ``normalize(_:)`` returns the address appended, with no note.
        case normalized
        /// Only ``normalize(_:)`` can say (other syntaxes, non-ASCII, invalid, a note).
        case undecided
    }

    /// ``normalize(_:)`` decided from the address's bytes alone where it can be: a plain ASCII
    /// address under basic syntax accepted without a note, trimmed and lowercased into `out` when
    /// that changes it. One pass over the bytes, no `String` for either address: for a stage
    /// deciding lines from their bytes. `out` is left as it was unless the outcome is `.normalized`.
    func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8]) -> BytesOutcome {
        guard options.syntax == .basic, let shape = BasicEmailSyntax.scanASCII(bytes, lowercaseLocal: options.lowercaseLocal) else { return .undecided }
        if shape.lo == 0 && shape.hi == bytes.count && !shape.needsLower {
            return mayNeedNotes(utf8: bytes, asciiAt: shape.at) ? .undecided : .unchanged
        }
        let start = out.count
        let lowerFrom = options.lowercaseLocal ? shape.lo : shape.at + 1
        for k in shape.lo..<shape.hi {
            let b = bytes[k]
            out.append(k >= lowerFrom && b &- 0x41 < 26 ? b | 0x20 : b)
        }
        let mayNeed = out.withUnsafeBufferPointer { mayNeedNotes(utf8: UnsafeBufferPointer(rebasing: $0[start...]), asciiAt: shape.at - shape.lo) }
        guard !mayNeed else {
            out.removeSubrange(start...)
            return .undecided
        }
        return .normalized
    }

    /// The general path of ``normalize(_:log:)``: every syntax, Unicode, explain; `raw` is not empty.
    func normalizeGeneral(_ raw: String, log: inout EditLog) -> Outcome {
        let trimmed = options.syntax == .basic ? Whitespace.trimSpaceAndTab(raw) : Whitespace.trimSpaces(raw)
        log.record("email", raw, trimmed, rule: "email.trim")
        if trimmed.isEmpty {
            return .rejected(.emailMissing, reason: "the email '\(raw)' is only whitespace", fix: "add the contact's email address")
        }
        // Exchange writes a directory address with its routing type ("SMTP:bob@contoso.com"),
        // links carry "mailto:": neither is part of the address (a ':' before the '@' is never
        // valid, so no address is changed by this).
        var candidate = trimmed
        var prefixNote: Note?
        for prefix in ["mailto:", "smtp:"] where candidate.utf8.count > prefix.utf8.count && candidate.lowercased().hasPrefix(prefix) {
            let stripped = String(candidate.dropFirst(prefix.count))
            log.record("email", candidate, stripped, rule: "email.scheme_prefix")
            prefixNote = Note(code: "email_prefix_removed", field: "email",
                              message: "'\(candidate)' began with '\(candidate.prefix(prefix.count))', which is no part of the address; it was removed")
            candidate = stripped
            break
        }
        // Read in ASCII first when typed in full-width forms; as written when that is no
        // address (a full-width character can be part of an internationalized local part:
        // "＠@example.at" is one, and folding it gave two '@').
        var foldNote: Note?
        var foldedOutcome: Outcome?
        if let folded = FullWidthEmail.folded(candidate) {
            var foldLog = log
            foldLog.record("email", candidate, folded, rule: "email.full_width")
            let outcome = checkSyntax(folded, log: &foldLog)
            if case .accepted = outcome {
                log = foldLog
                foldNote = Note(code: "email_full_width_folded", field: "email",
                                message: "'\(candidate)' was typed in full-width characters; read as '\(folded)'")
                foldedOutcome = outcome
            }
        }
        let checked = foldedOutcome ?? checkSyntax(candidate, log: &log)
        guard case .accepted(let address, _) = checked else { return checked }
        let outcome = finish(address, strict: options.syntax == .strict, log: &log)
        let ownNotes = [prefixNote, foldNote].compactMap { $0 }
        guard !ownNotes.isEmpty, case .accepted(let final, let notes) = outcome else { return outcome }
        return .accepted(final, notes: ownNotes + notes)
    }

    /// `address` checked under the configured syntax.
    private func checkSyntax(_ address: String, log: inout EditLog) -> Outcome {
        switch options.syntax {
        case .basic: return BasicEmailSyntax.check(address, lowercaseLocal: options.lowercaseLocal, log: &log)
        case .strict: return StrictEmailSyntax.check(address, lowercaseLocal: options.lowercaseLocal, log: &log)
        }
    }

    /// Special-use domains, typo suggestions and role accounts on a syntactically valid address.
    /// `asciiAt`: the offset of the address's last '@' when the address is known to be ASCII.
    private func finish(_ address: String, strict: Bool, asciiAt: Int? = nil, log: inout EditLog) -> Outcome {
        // Almost no address is a typo or a role account: the byte-level prefilters say so without
        // building the local part and the domain as Strings and hashing them.
        if !(strict && options.rejectSpecialUse), mayNeedNotes(address, asciiAt: asciiAt) == false { return .accepted(address, notes: []) }
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return .accepted(address, notes: []) }
        let local = Substring(address.utf8[..<at])
        let domain = Substring(address.utf8[address.utf8.index(after: at)...])
        if strict, options.rejectSpecialUse, let label = SpecialUseDomains.match(String(domain)) {
            return .rejected(.emailSpecialUse, reason: "'\(address)' has the special-use domain '\(domain)' ('.\(label)'), which never receives mail",
                             fix: "use the contact's real address, or set 'special_use: allow' for test data")
        }
        var notes: [Note] = []
        var result = address
        if let meant = typos.correction(for: String(domain)) {
            let corrected = "\(local)@\(meant)"
            if options.fixTypos {
                notes.append(Note(code: "email_typo_fixed", field: "email", message: "'\(address)' corrected to '\(corrected)'"))
                log.record("email", address, corrected, rule: "email.fix_typo")
                result = corrected
            } else {
                notes.append(Note(code: "email_typo_suggestion", field: "email", message: "'\(address)': did you mean '\(corrected)'?"))
            }
        }
        if options.noteRoleAccounts, let role = roles.match(String(local)) {
            notes.append(Note(code: "role_account", field: "email", message: "'\(result)' is a role account ('\(role)@')"))
        }
        return .accepted(result, notes: notes)
    }

    /// Whether `address` may have a typo domain or (when noted) a role-account local part; false
    /// only when the prefilters of ``TypoDomains`` and ``RoleAccounts`` rule both out, nil when
    /// its bytes are not contiguous. `asciiAt` as in ``finish(_:strict:asciiAt:log:)``.
    private func mayNeedNotes(_ address: String, asciiAt: Int?) -> Bool? {
        address.utf8.withContiguousStorageIfAvailable { mayNeedNotes(utf8: $0, asciiAt: asciiAt) }
    }

    /// ``mayNeedNotes(_:asciiAt:)`` for the address's bytes.
    private func mayNeedNotes(utf8 buf: UnsafeBufferPointer<UInt8>, asciiAt: Int?) -> Bool {
        var at: Int
        if let asciiAt {
            at = asciiAt
        } else {
            at = buf.count
            while at > 0 { at -= 1; if buf[at] == UInt8(ascii: "@") { break } }
            guard at < buf.count, buf[at] == UInt8(ascii: "@") else { return false }  // no '@': finish adds nothing
        }
        let local = UnsafeBufferPointer(rebasing: buf[..<at])
        let domain = UnsafeBufferPointer(rebasing: buf[(at + 1)...])
        let ascii = asciiAt != nil
        return typos.mayMatch(domain, isASCII: ascii) || (options.noteRoleAccounts && roles.mayMatch(local, isASCII: ascii))
    }
}
