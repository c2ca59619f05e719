#if canImport(Glibc)
import Glibc
#endif
import ListwashCore

/// Reads exclusion lists into an ``ExclusionSet``.
///
/// ## Text files (one entry per line)
/// ```
/// # a comment; blank lines are ignored; ' #' after an entry starts a comment too
/// jane@example.com              bare address: exact entry (trimmed, lowercased)
/// @example.com                  leading '@': the domain example.com
/// domain:example.com            the same
/// *@example.com                 the same (the wildcard form)
/// *@*.example.com               every subdomain of example.com (as `suffix:.example.com`)
/// prefix:test                   begins with 'test' (also 'begins-with:')
/// suffix:@example.org           ends with '@example.org' (also 'ends-with:')
/// sha256:9f86d08...             SHA-256 of the normalized address, hex (bare 64 hex digits too)
/// md5:1bc29b3...                MD5 of the normalized address, hex (bare 32 hex digits too)
/// exact:odd-looking@x.com       an explicit exact entry
/// lists: 3, 4                   entries below apply to lists 3 and 4 only
/// lists: all                    entries below drop the contact (the default)
/// subdomains: yes               domain entries below also match subdomains (default: no)
/// ```
/// A bare line is an exact entry, so a plain list of addresses (one per line, the benchmark's
/// exclusion format) works as it is. A stage setting `kind:` makes bare lines of that kind.
///
/// ## CSV files
/// Files named `*.csv` (or whose first line is a header with an email column) are read as CSV
/// exports of ActiveCampaign exclusions or unsubscribes: the email column is found by header
/// (`Email`, `Email Address`, ...), an optional match-type column (`Match Type`: exact, begins
/// with, ends with) gives the kind, and an optional `List`/`Lists` column the scope (ids; empty
/// or "all" for all lists; names that are not ids count as all lists, with a warning, because a
/// narrower guess could mail someone who asked not to be).
struct ExclusionLoader {
    var set: ExclusionSet
    let context: StageContext
    /// Errors that stop the stage from being built (unreadable file, too many sources).
    private(set) var errors: [Diagnostic] = []
    private var warningsPerFile: [String: Int] = [:]
    private var scratch: [UInt8] = []
    /// Entries read by the fast path, inserted together (``flushBatch()``).
    private var batch = EntryBatch()
    static let warningsShownPerFile = 10

    init(hashKey: FingerprintKey, context: StageContext) {
        set = ExclusionSet(hashKey: hashKey)
        self.context = context
    }

    /// Options that apply to one source.
    struct Options {
        var kind: ExclusionKind?
        var lists: [Int]?
        var subdomains = false
    }

    // MARK: - Sources

    /// Loads an exclusion file (text or CSV).
    mutating func loadFile(_ path: String, shownAs name: String, options: Options) {
        guard let (source, scope) = register(name, options.lists, at: nil) else { return }
        let lines: ExclusionFileLines
        do { lines = try ExclusionFileLines(path: path) } catch {
            errors.append(Diagnostic(at: nil, "cannot read exclusion file '\(name)': \(error.message)", code: "exclusion_file_unreadable",
                                     fix: "check the path; relative paths start at the pipeline file's folder"))
            return
        }
        guard acceptsEncoding(of: path, shownAs: name) else { return }
        reserve(for: lines, kind: options.kind)
        var state = LineState(scope: scope, subdomains: options.subdomains)
        var csv: CSVColumns?
        let isCSV = name.lowercased().hasSuffix(".csv")
        var n = 0
        var held = HeldRecord()
        do {
            try lines.forEach { line in
                n += 1
                // A UTF-8 byte order mark (spreadsheet exports) is not part of the first entry,
                // nor of the first of each list joined with `cat`.
                let bytes = UTF8ByteOrderMark.dropped(from: line)
                // Nearly every line of a big list is one plain address: read it in one pass.
                if csv == nil && n > 1 && plainLine(bytes, line: n, source: source, state: state, fixedKind: options.kind) { return }
                flushBatch()
                if n == 1 && (isCSV || CSVColumns.looksLikeHeader(bytes)) {
                    csv = CSVColumns(header: bytes)
                    if csv == nil {
                        errors.append(Diagnostic(at: SourcePosition(file: name, line: 1, column: 1),
                                                 "no email column in the header of '\(name)'", code: "exclusion_no_email_column",
                                                 fix: "name the column of addresses 'Email', or save the list as plain text, one address per line"))
                    }
                    return
                }
                if let columns = csv {
                    csvRecordLine(bytes, held: &held, columns: columns, line: n, file: name, source: source, options: options)
                } else if n == 1 && isCSV {
                    return
                } else if n == 1 && CSVColumns.isLoneHeader(bytes) {
                    return
                } else {
                    textLine(bytes, line: n, file: name, source: source, state: &state, kind: options.kind)
                }
            }
        } catch {
            errors.append(Diagnostic(at: nil, "reading exclusion file '\(name)' failed: \(error.message)", code: "exclusion_file_unreadable"))
        }
        if let columns = csv { releaseUnclosed(&held, columns: columns, file: name, source: source, options: options) }
        flushBatch()
        if n >= Int(UInt32.max) {
            errors.append(Diagnostic(at: nil, "exclusion file '\(name)' has more than 4,294,967,294 lines", code: "exclusion_file_too_large",
                                     fix: "split it into several files"))
        }
        summarizeWarnings(name)
    }

    /// Whether the file at `path` can be read as UTF-8 lines; if not, the error is recorded.
    private mutating func acceptsEncoding(of path: String, shownAs name: String) -> Bool {
        guard let problem = Self.unsupportedEncoding(path) else { return true }
        errors.append(Diagnostic(at: SourcePosition(file: name, line: 1, column: 1), "exclusion file '\(name)' \(problem)", code: "exclusion_file_unreadable",
                                 fix: "save it as UTF-8 (e.g. 'iconv -f UTF-16 -t UTF-8 \(name)'), one entry per line"))
        return false
    }

    /// Why the file at `path` cannot be read as UTF-8 lines (it starts with a UTF-16 or UTF-32
    /// byte order mark, or its first bytes hold NULs as UTF-16 text does), or nil. Read as
    /// bytes, such a file matched nothing and said nothing.
    static func unsupportedEncoding(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 64)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 64) }
        guard n >= 2 else { return nil }
        let b = head.prefix(n)
        if n >= 4 && (b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF])) { return "is UTF-32 text" }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) { return "is UTF-16 text" }
        if b.contains(0) { return "holds NUL bytes in its first bytes (UTF-16 text without a byte order mark?)" }
        return nil
    }

    /// Loads entries written in the pipeline file (`entries:`) or given as `--entry`.
    mutating func loadInline(_ entries: [(text: String, position: SourcePosition?)], options: Options) {
        for e in entries {
            let name = e.position?.file ?? "--entry"
            guard let (source, scope) = register(name, options.lists, at: e.position) else { return }
            var state = LineState(scope: scope, subdomains: options.subdomains)
            var text = e.text
            text.withUTF8 { textLine($0, line: e.position?.line ?? 0, file: name, source: source, state: &state, kind: options.kind) }
        }
    }

    /// Loads a role-account preset (`standard`, a file in `rules/role-accounts/`) or a file of
    /// local parts, one per line, `#` comments.
    mutating func loadRoles(_ preset: String, options: Options, at position: SourcePosition?) {
        guard let path = Self.rolePresetPath(preset, context: context) else {
            errors.append(Diagnostic(at: position, "unknown role-account preset '\(preset)'", code: "unknown_preset",
                                     notes: ["presets are the .txt files in rules/role-accounts/ (e.g. 'standard')"],
                                     fix: "use 'standard', or give the path of a file with one local part per line"))
            return
        }
        // A shipped preset is shown by its name, not its install path, so reports read the same
        // on every machine.
        let isPreset = !(preset.contains("/") || preset.hasSuffix(".txt"))
        loadWordList(path, shownAs: isPreset ? "role-accounts/\(preset)" : preset, kind: .role, options: options)
    }

    /// Loads a list of domains, one per line (`#` comments, a leading `@` is ignored), as
    /// disposable domains or as the allowlist that overrides them.
    mutating func loadDomainList(_ path: String, shownAs name: String, allow: Bool, options: Options) {
        loadWordList(path, shownAs: name, kind: allow ? nil : .disposable, options: options)
    }

    private mutating func loadWordList(_ path: String, shownAs name: String, kind: ExclusionKind?, options: Options) {
        guard let (source, scope) = register(name, options.lists, at: nil) else { return }
        let input: ByteInput
        do { input = try ByteInput(path: path) } catch {
            errors.append(Diagnostic(at: nil, "cannot read '\(name)': \(error.message)", code: "exclusion_file_unreadable"))
            return
        }
        guard acceptsEncoding(of: path, shownAs: name) else { return }
        var lines = LineReader(input)
        var line = 0
        do {
            while let _ = try lines.next({ (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
                line += 1
                var value = Self.trim(Self.stripComment(bytes))
                if value.first == UInt8(ascii: "@") { value = UnsafeBufferPointer(rebasing: value.dropFirst()) }
                guard !value.isEmpty else { return true }
                scratch.removeAll(keepingCapacity: true)
                KeyText.appendFolded(value, to: &scratch)
                let ref = ExclusionRef(line: line, source: source, scope: scope)
                let ascii = Self.asciiDomainForm(scratch, kind: kind ?? .disposable)
                if let kind { set.add(kind, scratch, ref: ref) } else { set.allow(scratch, ref: ref) }
                if let ascii { if let kind { set.add(kind, ascii, ref: ref) } else { set.allow(ascii, ref: ref) } }
                return true
            }) {}
        } catch {
            errors.append(Diagnostic(at: nil, "reading '\(name)' failed: \(error)", code: "exclusion_file_unreadable"))
        }
    }

    /// The file of a role-account preset: a path, or `NAME.txt` in the rules folder
    /// (``RulesDirectory``), falling back to `rules/role-accounts/` under the base directory.
    static func rolePresetPath(_ preset: String, context: StageContext) -> String? {
        if preset.contains("/") || preset.hasSuffix(".txt") {
            let p = context.resolve(preset)
            return access(p, R_OK) == 0 ? p : nil
        }
        guard !preset.isEmpty, preset.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        if let p = RulesDirectory.file("role-accounts/\(preset).txt") { return p }
        let local = context.resolve("rules/role-accounts/\(preset).txt")
        return access(local, R_OK) == 0 ? local : nil
    }

    // MARK: - Lines

    /// Scope and subdomain setting in force at a line (changed by `lists:` / `subdomains:`).
    struct LineState {
        var scope: Int
        var subdomains: Bool
    }

    /// Entries of the fast path waiting to be inserted together, all of one kind: their table
    /// slots are random places in a table of hundreds of megabytes, so fetching a batch's slots
    /// at once (``ExclusionTable/prefetch(_:)``) overlaps the cache misses that dominate the load.
    struct EntryBatch {
        static let size = 16
        var kind = ExclusionKind.exact
        var keys = [Fingerprint128](repeating: Fingerprint128(hi: 0, lo: 0), count: size)
        var refs = [ExclusionRef](repeating: .none, count: size)
        var count = 0
        /// The folded text of the line being read (addresses are at most 254 bytes; a longer
        /// line takes the general path).
        var folded = [UInt8](repeating: 0, count: 256)
        /// Begins-with and ends-with entries keep their text: `size` slots of 256 bytes.
        var texts = [UInt8](repeating: 0, count: size * 256)
        var lengths = [Int](repeating: 0, count: size)
    }

    /// Reads `raw` in one pass when it is a plain entry, as ``textLine`` would: printable ASCII
    /// with no inner space, no leading '#', optional surrounding whitespace, and either an
    /// address (an '@' not in front and no ':' in the first 12 bytes: exact), a `prefix:`,
    /// `suffix:` (after '@' or '.') or `domain:` entry, or, when the file's kind is detected,
    /// `@domain` or a SHA-256 or MD5 digest in hex (bare, or after `sha256:`/`md5:`). Returns
    /// false for any other line, which then takes the general path.
    private mutating func plainLine(_ raw: UnsafeBufferPointer<UInt8>, line: Int, source: Int, state: LineState,
                                    fixedKind: ExclusionKind?) -> Bool {
        var start = 0, end = raw.count
        while start < end && KeyText.isSpace(raw[start]) { start += 1 }
        while end > start && KeyText.isSpace(raw[end - 1]) { end -= 1 }
        let length = end - start
        guard length > 0, length <= batch.folded.count, raw[start] != UInt8(ascii: "#"),
              raw[start] != UInt8(ascii: "'"), raw[end - 1] != UInt8(ascii: "'") else { return false }
        let key = set.hashKey
        // One branch-free pass (the compiler vectorizes it): copy lowercased, and note any byte
        // that is not printable ASCII; then find '@' and ':' with memchr.
        var at = -1, colon = -1
        let plain: Bool = batch.folded.withUnsafeMutableBufferPointer { out in
            let src = raw.baseAddress! + start, dst = out.baseAddress!
            var bad: UInt8 = 0
            for i in 0..<length {
                let b = src[i]
                bad |= (b &- 0x21) < 0x5E ? 0 : 1
                dst[i] = (b &- 0x41) < 26 ? b | 0x20 : b
            }
            guard bad == 0 else { return false }
            // Lines with quotes, angle brackets, ',' or ';' hold more than an address: the
            // general path finds it (``addressRange(in:)``); a '*' is a wildcard the general
            // path reads (`*@domain`) or warns about. A separate pass over words: the
            // same tests in the loop above kept it from being vectorized (loading took 40 %
            // longer).
            guard !Self.holdsAddressPunctuation(UnsafeBufferPointer(start: UnsafePointer(dst), count: length)) else { return false }
            if let p = memchr(dst, Int32(UInt8(ascii: "@")), length) { at = UnsafeMutableRawPointer(dst).distance(to: p) }
            if let p = memchr(dst, Int32(UInt8(ascii: ":")), length) { colon = UnsafeMutableRawPointer(dst).distance(to: p) }
            return true
        }
        guard plain else { return false }
        func isHex(_ r: Range<Int>) -> Bool { batch.folded[r].allSatisfy { $0 &- 0x30 < 10 || $0 &- 0x61 < 6 } }
        let kind: ExclusionKind
        var from = 0
        if at > 0 && (colon < 0 || colon >= 12) && (fixedKind == nil || fixedKind == .exact) {
            kind = .exact
        } else if colon == 6 && length > 7,
                  let k = batch.folded.withUnsafeBufferPointer({ Self.kindWord(UnsafeBufferPointer(rebasing: $0[..<6])) }),
                  k != .suffix || batch.folded[7] == UInt8(ascii: "@") || batch.folded[7] == UInt8(ascii: ".") {
            // An ends-with entry without '@' or '.' in front is warned about: general path.
            kind = k
            from = k == .domain && batch.folded[7] == UInt8(ascii: "@") ? 8 : 7
            guard from < length else { return false }
        } else if fixedKind != nil {
            return false
        } else if at == 0 && colon < 0 && length > 1 {
            kind = .domain
            from = 1
        } else if at < 0 && colon < 0 && (length == 64 || length == 32) && isHex(0..<length) {
            kind = length == 64 ? .sha256 : .md5
        } else if at < 0 && colon == 6 && length == 71 && batch.folded.starts(with: "sha256".utf8) && isHex(7..<71) {
            kind = .sha256
            from = 7
        } else if at < 0 && colon == 3 && length == 36 && batch.folded.starts(with: "md5".utf8) && isHex(4..<36) {
            kind = .md5
            from = 4
        } else {
            return false
        }
        if kind != batch.kind { flushBatch() }
        batch.kind = kind
        let slot = batch.count
        let fingerprint: Fingerprint128 = batch.folded.withUnsafeBufferPointer { out in
            switch kind {
            case .prefix, .suffix:
                let entry = UnsafeBufferPointer(rebasing: out[from..<length])
                batch.texts.withUnsafeMutableBufferPointer { t in
                    UnsafeMutableRawPointer(t.baseAddress! + slot * 256).copyMemory(from: entry.baseAddress!, byteCount: entry.count)
                }
                batch.lengths[slot] = entry.count
                return kind == .prefix ? set.prefixes.key(of: entry) : set.suffixes.key(of: entry)
            case .sha256, .md5:
                // The first 16 bytes of the digest, big-endian, as ``Fingerprint128/init(digestPrefix:)``.
                var hi: UInt64 = 0, lo: UInt64 = 0
                for i in 0..<16 { hi = hi << 4 | UInt64(Self.hexValue(out[from + i])) }
                for i in 16..<32 { lo = lo << 4 | UInt64(Self.hexValue(out[from + i])) }
                return Fingerprint128(hi: hi, lo: lo)
            default:
                return Fingerprint128(UnsafeRawBufferPointer(start: out.baseAddress! + from, count: length - from), key: key)
            }
        }
        batch.keys[batch.count] = fingerprint
        batch.refs[batch.count] = ExclusionRef(line: line, source: source, scope: state.scope,
                                               subdomains: kind == .domain && state.subdomains)
        batch.count += 1
        if batch.count == EntryBatch.size { flushBatch() }
        return true
    }

    /// Inserts the batched entries, in line order.
    private mutating func flushBatch() {
        guard batch.count > 0 else { return }
        let n = batch.count
        batch.count = 0
        switch batch.kind {
        case .prefix: Self.insert(batch, n, into: &set.prefixes)
        case .suffix: Self.insert(batch, n, into: &set.suffixes)
        case .domain: Self.insert(batch, n, into: &set.domains)
        case .sha256: Self.insert(batch, n, into: &set.sha256)
        case .md5: Self.insert(batch, n, into: &set.md5)
        default: Self.insert(batch, n, into: &set.exact)
        }
    }

    private static func insert(_ batch: EntryBatch, _ n: Int, into index: inout AffixIndex) {
        batch.keys.withUnsafeBufferPointer { index.prefetch(UnsafeBufferPointer(rebasing: $0[..<n])) }
        batch.texts.withUnsafeBufferPointer { t in
            for i in 0..<n {
                index.insert(UnsafeBufferPointer(rebasing: t[(i * 256)..<(i * 256 + batch.lengths[i])]), batch.refs[i], key: batch.keys[i])
            }
        }
    }

    private static func insert(_ batch: EntryBatch, _ n: Int, into table: inout ExclusionTable) {
        batch.keys.withUnsafeBufferPointer { table.prefetch(UnsafeBufferPointer(rebasing: $0[..<n])) }
        for i in 0..<n { table.insert(batch.keys[i], batch.refs[i]) }
    }

    private mutating func textLine(_ raw: UnsafeBufferPointer<UInt8>, line: Int, file: String, source: Int,
                                   state: inout LineState, kind fixedKind: ExclusionKind?) {
        let body = Self.trim(Self.stripComment(raw))
        guard !body.isEmpty else { return }
        // A kind prefix or a directive: a short word before ':'.
        var kind = fixedKind
        var value = body
        if let colon = body.prefix(12).firstIndex(of: UInt8(ascii: ":")) {
            let rest = Self.trim(UnsafeBufferPointer(rebasing: body[(colon + 1)...]))
            // The two kind words of long lists, without making a String per line.
            if let k = Self.kindWord(UnsafeBufferPointer(rebasing: body[..<colon])) {
                add(rest, kind: k, line: line, file: file, source: source, state: state)
                return
            }
            let word = String(decoding: UnsafeBufferPointer(rebasing: body[..<colon]), as: UTF8.self).lowercased()
            if word == "lists" || word == "list" {
                directiveLists(rest, line: line, file: file, state: &state)
                return
            }
            if word == "subdomains" {
                let v = String(decoding: rest, as: UTF8.self).lowercased()
                if ["yes", "true", "on", "1"].contains(v) { state.subdomains = true } else if ["no", "false", "off", "0"].contains(v) { state.subdomains = false } else {
                    warn(file, line, "'subdomains:' takes yes or no, found '\(v)'", code: "exclusion_bad_directive")
                }
                return
            }
            if let k = ExclusionKind(prefixName: word), k != .role, k != .disposable {
                kind = k
                value = rest
            }
        }
        add(value, kind: kind, line: line, file: file, source: source, state: state)
    }

    /// Adds one entry value of `kind` (nil: detect from the value).
    private mutating func add(_ value: UnsafeBufferPointer<UInt8>, kind: ExclusionKind?, line: Int, file: String, source: Int,
                              state: LineState) {
        guard !value.isEmpty else {
            warn(file, line, "exclusion entry has no value", code: "exclusion_entry_empty")
            return
        }
        var kind = kind
        var value = value
        if kind == nil {
            if value.starts(with: "*@*.".utf8) {
                // A wildcard for every subdomain: what an ends-with entry '.example.com' matches.
                kind = .suffix
                value = UnsafeBufferPointer(rebasing: value.dropFirst(3))
            } else if value.starts(with: "*@".utf8) {
                // The wildcard form of a domain entry, as many suppression lists write it; read
                // as an address it matched nothing, and the domain's contacts were imported.
                kind = .domain
                value = UnsafeBufferPointer(rebasing: value.dropFirst())
            } else if value[0] == UInt8(ascii: "@") {
                kind = .domain
            } else if value.contains(UInt8(ascii: "*")) && value.contains(UInt8(ascii: "@")) {
                kind = .exact
                warn(file, line, "exclusion entry '\(Self.shown(value))' has a '*', which matches only a '*' in an address: the only wildcards read are '*@domain' and '*@*.domain'",
                     code: "exclusion_entry_wildcard", fix: "write 'prefix:' or 'suffix:' entries, or 'domain:example.com'")
            } else if value.contains(UInt8(ascii: "@")) {
                kind = .exact
            } else if Self.isHex(value) && value.count == 64 {
                kind = .sha256
            } else if Self.isHex(value) && value.count == 32 {
                kind = .md5
            } else {
                kind = .exact
                warn(file, line, "exclusion entry '\(Self.shown(value))' has no '@', so it matches no address",
                     code: "exclusion_entry_no_at", fix: "write 'domain:\(Self.shown(value))' to exclude a domain")
            }
        }
        guard let kind else { return }
        if kind == .exact, let r = Self.addressRange(in: value) {
            let address = UnsafeBufferPointer(rebasing: value[r])
            warn(file, line, "'\(Self.shown(value))' holds more than an address; read as '\(Self.shown(address))'",
                 code: "exclusion_entry_extracted", fix: "write one address per line, or save the list as CSV with an 'Email' column")
            value = address
        }
        let ref = ExclusionRef(line: line, source: source, scope: state.scope, subdomains: kind == .domain && state.subdomains)
        scratch.removeAll(keepingCapacity: true)
        switch kind {
        case .sha256, .md5:
            let digits = kind == .sha256 ? 64 : 32
            guard value.count == digits, Self.isHex(value) else {
                warn(file, line, "\(kind.rawValue) entry '\(Self.shown(value))' is not \(digits) hex digits", code: "exclusion_hash_invalid",
                     fix: "hash the normalized (trimmed, lowercased) address and write the digest in hex")
                return
            }
            for i in 0..<16 { scratch.append(Self.hexValue(value[2 * i]) << 4 | Self.hexValue(value[2 * i + 1])) }
        case .domain:
            if value[0] == UInt8(ascii: "@") { value = UnsafeBufferPointer(rebasing: value.dropFirst()) }
            guard KeyText.appendFolded(value, to: &scratch) else { warn(file, line, "domain entry has no domain", code: "exclusion_entry_empty"); return }
        case .suffix:
            KeyText.appendFolded(value, to: &scratch)
            if let first = scratch.first, first != UInt8(ascii: "@"), first != UInt8(ascii: ".") {
                let entry = scratch.withUnsafeBufferPointer { Self.shown($0) }
                warnAlways(file, line, "ends-with entry '\(entry)' has no leading '@' or '.', so it also matches addresses such as 'someone@not\(entry)'",
                           code: "suffix_without_boundary", fix: "write '@\(entry)' for the domain, or '.\(entry)' for its subdomains")
            }
        case .exact, .prefix, .role, .disposable:
            KeyText.appendFolded(value, to: &scratch)
        }
        set.add(kind, scratch, ref: ref)
        if let ascii = Self.asciiDomainForm(scratch, kind: kind) { set.add(kind, ascii, ref: ref) }
    }

    /// An entry as a warning shows it: its first 80 bytes (whole characters), then "…" and the
    /// length. A line of a megabyte was repeated whole in its warning, twice.
    static func shown(_ value: UnsafeBufferPointer<UInt8>) -> String {
        guard value.count > 80 else { return String(decoding: value, as: UTF8.self) }
        var cut = 80
        while cut > 0 && value[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: value[..<cut], as: UTF8.self) + "… (\(value.count) bytes)"
    }

    /// Whether `p` holds '"', ',', ';', '<', '>' or '*' (a wildcard, read on the general path),
    /// eight bytes at a time.
    @inline(__always)
    static func holdsAddressPunctuation(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let quote = ByteWord.repeated(0x22), comma = ByteWord.repeated(0x2C), semicolon = ByteWord.repeated(0x3B)
        let less = ByteWord.repeated(0x3C), greater = ByteWord.repeated(0x3E), star = ByteWord.repeated(0x2A)
        guard let base = p.baseAddress else { return false }
        var i = 0
        while i + 8 <= p.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if ByteWord.equal(w, to: quote) | ByteWord.equal(w, to: comma) | ByteWord.equal(w, to: semicolon)
                | ByteWord.equal(w, to: less) | ByteWord.equal(w, to: greater) | ByteWord.equal(w, to: star) != 0 { return true }
            i += 8
        }
        while i < p.count {
            switch p[i] {
            case 0x22, 0x2A, 0x2C, 0x3B, 0x3C, 0x3E: return true
            default: i += 1
            }
        }
        return false
    }

    /// Where the address is in an exact entry written the ways lists of addresses are pasted
    /// together: `"jane@x.com"`, `<jane@x.com>`, `Jane Doe <jane@x.com>`, `mailto:jane@x.com`,
    /// `jane@x.com;`, `jane@x.com,bounced`, `jane@x.com<TAB>2024-01-01`. Nil when the entry is
    /// nothing else than an address (or holds no '@' to find), so it is used as it is.
    /// Read whole, such a line was an entry that matched no address, silently.
    static func addressRange(in value: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var lo = 0, hi = value.count
        // The last <...> holding an '@' is the address of a display-name form.
        if let close = value.lastIndex(of: UInt8(ascii: ">")),
           let open = value[..<close].lastIndex(of: UInt8(ascii: "<")),
           value[(open + 1)..<close].contains(UInt8(ascii: "@")) {
            lo = open + 1
            hi = close
        }
        let mailto = Array("mailto:".utf8)
        if hi - lo > mailto.count, zip(value[lo..<(lo + mailto.count)], mailto).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
            lo += mailto.count
        }
        // The first token with an '@', tokens ending at ',', ';', tab or space.
        func isBreak(_ b: UInt8) -> Bool { b == 0x2C || b == 0x3B || b == 0x09 || b == 0x20 }
        var start = lo
        while start < hi {
            var end = start
            while end < hi && !isBreak(value[end]) { end += 1 }
            if value[start..<end].contains(UInt8(ascii: "@")) {
                lo = start
                hi = end
                break
            }
            start = end + 1
        }
        // Quotes around it.
        while lo < hi, value[lo] == 0x22 || value[lo] == 0x27 { lo += 1 }
        while hi > lo, value[hi - 1] == 0x22 || value[hi - 1] == 0x27 { hi -= 1 }
        guard lo < hi, value[lo..<hi].contains(UInt8(ascii: "@")), lo > 0 || hi < value.count else { return nil }
        return lo..<hi
    }

    /// For an entry whose domain is written in Unicode (`jane@bücher.de`, `@müller.de`,
    /// `suffix:@bücher.at`), the same entry with the domain in ASCII (punycode) form, as
    /// `normalize` writes addresses (``IDNA``); nil when there is none. The entry is held in both
    /// forms, so it matches an address in either, normalized or not.
    static func asciiDomainForm(_ folded: [UInt8], kind: ExclusionKind) -> [UInt8]? {
        guard folded.contains(where: { $0 >= 0x80 }) else { return nil }
        let split: Int
        switch kind {
        case .exact:
            guard let at = folded.lastIndex(of: UInt8(ascii: "@")) else { return nil }
            split = at + 1
        case .domain, .disposable:
            split = 0
        case .suffix:
            guard let first = folded.first, first == UInt8(ascii: "@") || first == UInt8(ascii: ".") else { return nil }
            split = 1
        default:
            return nil
        }
        let domain = String(decoding: folded[split...], as: UTF8.self)
        guard !domain.isEmpty, case .ascii(let ascii) = IDNA.toASCII(domain) else { return nil }
        let form = Array(folded[..<split]) + Array(ascii.lowercased().utf8)
        return form == folded ? nil : form
    }

    /// `prefix`, `suffix` or `domain` in any case, as ``ExclusionKind/init(prefixName:)``
    /// reads them: the kind words of long lists, recognized without a String per line.
    static func kindWord(_ w: UnsafeBufferPointer<UInt8>) -> ExclusionKind? {
        guard w.count == 6 else { return nil }
        func matches(_ s: StaticString) -> Bool {
            s.withUTF8Buffer { t in (0..<6).allSatisfy { i in (w[i] &- 0x41 < 26 ? w[i] | 0x20 : w[i]) == t[i] } }
        }
        if matches("prefix") { return .prefix }
        if matches("suffix") { return .suffix }
        if matches("domain") { return .domain }
        return nil
    }

    private mutating func directiveLists(_ rest: UnsafeBufferPointer<UInt8>, line: Int, file: String, state: inout LineState) {
        let text = String(decoding: rest, as: UTF8.self)
        if text.lowercased() == "all" || text.isEmpty {
            state.scope = 0
            return
        }
        var ids: [Int] = []
        for piece in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" || $0 == "\t" }) {
            guard let id = Int(piece), id > 0 else {
                // An unreadable scope must not narrow an exclusion: fall back to all lists.
                warnAlways(file, line, "'lists:' takes list ids or 'all'; '\(piece)' is not an id, so the entries below apply to all lists",
                           code: "exclusion_bad_directive")
                state.scope = 0
                return
            }
            ids.append(id)
        }
        guard let scope = set.scopeNumber(ids) else {
            errors.append(Diagnostic(at: SourcePosition(file: file, line: line, column: 1), "more than \(ExclusionRef.maxScopes) different list scopes",
                                     code: "exclusion_too_many_scopes"))
            return
        }
        state.scope = scope
    }

    /// The physical lines of a CSV record whose quoted field is still open.
    struct HeldRecord {
        /// A quoted field that has not closed after this many lines is taken for a stray quote.
        static let maxLines = 50
        var lines: [[UInt8]] = []
        var firstLine = 0
    }

    /// Reads one physical line of a CSV export: a line that leaves a quoted field open (a
    /// Mailchimp unsubscribe reason, a note with a line break) is joined with the lines after it
    /// until the field closes, so the record is read whole. Read line by line, the record's
    /// address was lost when its column came after the break (the person who unsubscribed was
    /// imported), and text after the break became entries of its own.
    private mutating func csvRecordLine(_ bytes: UnsafeBufferPointer<UInt8>, held: inout HeldRecord, columns: CSVColumns, line: Int,
                                        file: String, source: Int, options: Options) {
        if held.lines.isEmpty {
            guard CSVColumns.leavesQuoteOpen(bytes) else {
                csvLine(bytes, columns: columns, line: line, file: file, source: source, options: options)
                return
            }
            held.firstLine = line
            held.lines = [Array(bytes)]
            return
        }
        held.lines.append(Array(bytes))
        if CSVColumns.leavesQuoteOpen(bytes) {
            // The field closes on this line: the record is whole.
            let record = Array(held.lines.joined(separator: [0x0A]))
            let first = held.firstLine
            held = HeldRecord()
            record.withUnsafeBufferPointer { csvLine($0, columns: columns, line: first, file: file, source: source, options: options) }
        } else if held.lines.count >= HeldRecord.maxLines {
            releaseUnclosed(&held, columns: columns, file: file, source: source, options: options)
        }
    }

    /// Reads held lines one by one, as a quote that never closes is a stray one, with a warning.
    private mutating func releaseUnclosed(_ held: inout HeldRecord, columns: CSVColumns, file: String, source: Int, options: Options) {
        guard !held.lines.isEmpty else { return }
        let lines = held.lines, first = held.firstLine
        held = HeldRecord()
        warnAlways(file, first, "the quoted field opened on this line does not close within \(lines.count) line\(lines.count == 1 ? "" : "s"); each line is read as a row of its own",
                   code: "exclusion_quote_unclosed", fix: "close the quote, and write a quote inside a quoted field as two quotes (\"\")")
        for (i, l) in lines.enumerated() {
            l.withUnsafeBufferPointer { csvLine($0, columns: columns, line: first + i, file: file, source: source, options: options) }
        }
    }

    private mutating func csvLine(_ bytes: UnsafeBufferPointer<UInt8>, columns: CSVColumns, line: Int, file: String, source: Int,
                                  options: Options) {
        let cells = columns.cells(bytes)
        guard columns.email < cells.count else {
            if !cells.allSatisfy({ $0.allSatisfy(KeyText.isSpace) }) {
                warn(file, line, "row has no value in the email column", code: "exclusion_entry_empty")
            }
            return
        }
        var kind = options.kind
        if let m = columns.match, m < cells.count {
            let name = String(decoding: Self.trimmed(cells[m]), as: UTF8.self).lowercased()
            if !name.isEmpty {
                if let k = ExclusionKind(prefixName: name), k != .role, k != .disposable {
                    kind = k
                } else {
                    warn(file, line, "unknown match type '\(name)'; read as exact", code: "exclusion_bad_match_type")
                    kind = .exact
                }
            }
        }
        var scope = 0
        if let l = columns.lists, l < cells.count {
            let text = String(decoding: Self.trimmed(cells[l]), as: UTF8.self)
            let pieces = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" || $0 == " " })
            let ids = pieces.compactMap { Int($0) }
            if !pieces.isEmpty && text.lowercased() != "all" && text.lowercased() != "all lists" {
                if ids.count == pieces.count {
                    scope = set.scopeNumber(ids) ?? 0
                } else {
                    warn(file, line, "list '\(text)' is not a list id; the entry applies to all lists", code: "exclusion_list_not_id",
                         fix: "write list ids (numbers) in the list column")
                }
            }
        } else if let lists = options.lists {
            scope = set.scopeNumber(lists) ?? 0
        }
        let value = Self.trimmed(cells[columns.email])
        guard !value.isEmpty else { return }
        value.withUnsafeBufferPointer {
            add($0, kind: kind, line: line, file: file, source: source, state: LineState(scope: scope, subdomains: options.subdomains))
        }
    }

    // MARK: - Helpers

    private mutating func register(_ name: String, _ lists: [Int]?, at position: SourcePosition?) -> (Int, Int)? {
        guard let source = set.sourceNumber(name) else {
            errors.append(Diagnostic(at: position, "more than 65,535 exclusion sources", code: "exclusion_too_many_sources"))
            return nil
        }
        guard let scope = set.scopeNumber(lists) else {
            errors.append(Diagnostic(at: position, "more than \(ExclusionRef.maxScopes) different list scopes", code: "exclusion_too_many_scopes"))
            return nil
        }
        return (source, scope)
    }

    /// Sizes the tables of a large file up front from the kinds of the lines in its first
    /// megabyte, so loading millions of entries does not rehash (and a table is not sized for
    /// lines of other kinds: sparse writes over a table would still touch every page of it).
    private mutating func reserve(for lines: ExclusionFileLines, kind fixedKind: ExclusionKind?) {
        var exact = 0, domains = 0, sha256 = 0, md5 = 0, prefixes = 0, suffixes = 0, affixBytes = 0
        guard let scale = lines.sample({ line in
            let body = Self.trim(line)
            guard let first = body.first, first != UInt8(ascii: "#") else { return }
            let colon = body.prefix(12).firstIndex(of: UInt8(ascii: ":"))
            if let colon, let k = Self.kindWord(UnsafeBufferPointer(rebasing: body[..<colon])) {
                if k == .domain {
                    domains += 1
                } else {
                    if k == .prefix { prefixes += 1 } else { suffixes += 1 }
                    affixBytes += body.count - colon - 1
                }
            } else if fixedKind == .exact || (fixedKind == nil && colon == nil && first != UInt8(ascii: "@") && body.contains(UInt8(ascii: "@"))) {
                exact += 1
            } else if fixedKind == .domain || (fixedKind == nil && first == UInt8(ascii: "@")) {
                domains += 1
            } else if fixedKind == .sha256 || body.count == 64 || body.count == 71 {
                sha256 += 1
            } else if fixedKind == .md5 || body.count == 32 || body.count == 36 {
                md5 += 1
            }
        }) else { return }
        func size(_ n: Int) -> Int { Int((Double(n) * scale * 1.05).rounded(.up)) }
        if size(exact) > 100_000 { set.exact.reserve(size(exact)) }
        if size(domains) > 100_000 { set.domains.reserve(size(domains)) }
        if size(sha256) > 100_000 { set.sha256.reserve(size(sha256)) }
        if size(md5) > 100_000 { set.md5.reserve(size(md5)) }
        let affixes = Swift.max(prefixes + suffixes, 1)
        if size(prefixes) > 100_000 { set.prefixes.reserve(size(prefixes), bytesEach: affixBytes / affixes + 1) }
        if size(suffixes) > 100_000 { set.suffixes.reserve(size(suffixes), bytesEach: affixBytes / affixes + 1) }
    }

    private mutating func warn(_ file: String, _ line: Int, _ message: String, code: String, fix: String? = nil) {
        let n = warningsPerFile[file, default: 0]
        warningsPerFile[file] = n + 1
        if n < Self.warningsShownPerFile { warnAlways(file, line, message, code: code, fix: fix) }
    }

    private func warnAlways(_ file: String, _ line: Int, _ message: String, code: String, fix: String? = nil) {
        context.warn(Diagnostic(.warning, at: SourcePosition(file: file, line: line, column: 1), message, code: code, fix: fix))
    }

    private mutating func summarizeWarnings(_ file: String) {
        let n = warningsPerFile[file, default: 0]
        if n > Self.warningsShownPerFile {
            context.warn(Diagnostic(.warning, at: SourcePosition(file: file, line: 1, column: 1),
                                    "\(n - Self.warningsShownPerFile) more warnings in '\(file)' not shown", code: "exclusion_warnings_truncated"))
        }
    }

    static func stripComment(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var i = 0
        while i < b.count && KeyText.isSpace(b[i]) { i += 1 }
        if i < b.count && b[i] == UInt8(ascii: "#") { return UnsafeBufferPointer(rebasing: b[0..<0]) }
        // '#' may appear inside an address, so only ' #' starts a trailing comment.
        while i < b.count {
            if b[i] == UInt8(ascii: "#") && i > 0 && KeyText.isSpace(b[i - 1]) { return UnsafeBufferPointer(rebasing: b[..<i]) }
            i += 1
        }
        return b
    }

    static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var s = 0, e = b.count
        while s < e && KeyText.isSpace(b[s]) { s += 1 }
        while e > s && KeyText.isSpace(b[e - 1]) { e -= 1 }
        return UnsafeBufferPointer(rebasing: b[s..<e])
    }

    static func trimmed(_ b: [UInt8]) -> [UInt8] {
        var s = 0, e = b.count
        while s < e && KeyText.isSpace(b[s]) { s += 1 }
        while e > s && KeyText.isSpace(b[e - 1]) { e -= 1 }
        return Array(b[s..<e])
    }

    static func isHex(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
    }

    static func hexValue(_ c: UInt8) -> UInt8 {
        c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10
    }
}
