import Crypto
import ListwashCore

/// One exclusion entry that matched a record.
struct ExclusionHit {
    var kind: ExclusionKind
    var ref: ExclusionRef
    /// The entry in canonical syntax (`jane@example.com`, `domain:example.com`, `prefix:test`).
    var entry: String
}

/// Every loaded exclusion entry, by kind, and the matching of one address against them.
///
/// Exact, domain, hashed, role and disposable entries are fingerprint tables (O(1) per record,
/// plus one lookup per parent domain where subdomains count); begins-with and ends-with entries
/// are ``AffixIndex``es. Kinds with no entries cost nothing per record.
struct ExclusionSet {
    let hashKey: FingerprintKey
    /// File names (or `pipeline.yaml:12` for entries written in the pipeline), by source number.
    private(set) var sources: [String] = []
    /// List ids by scope number; scope 0 is all lists.
    private(set) var scopes: [[Int]] = [[]]
    private var scopeNumbers: [[Int]: Int] = [[]: 0]

    var exact = ExclusionTable()
    var domains = ExclusionTable()
    var sha256 = ExclusionTable()
    var md5 = ExclusionTable()
    var roles = ExclusionTable()
    var disposable = ExclusionTable()
    var allowed = ExclusionTable()
    var prefixes = AffixIndex(fromEnd: false)
    var suffixes = AffixIndex(fromEnd: true)

    init(hashKey: FingerprintKey) { self.hashKey = hashKey }

    var entryCount: Int {
        exact.count + domains.count + sha256.count + md5.count + roles.count + disposable.count + prefixes.count + suffixes.count
    }

    var bytes: Int {
        exact.bytes + domains.bytes + sha256.bytes + md5.bytes + roles.bytes + disposable.bytes + allowed.bytes + prefixes.bytes + suffixes.bytes
    }

    /// The number of a source name, adding it; nil past 65,535 sources.
    mutating func sourceNumber(_ name: String) -> Int? {
        if let i = sources.firstIndex(of: name) { return i }
        guard sources.count < Int(UInt16.max) else { return nil }
        sources.append(name)
        return sources.count - 1
    }

    /// The number of a scope (`nil` or empty = all lists); nil past 16,383 distinct scopes.
    mutating func scopeNumber(_ lists: [Int]?) -> Int? {
        let key = Array(Set(lists ?? [])).sorted()
        if let n = scopeNumbers[key] { return n }
        guard scopes.count < ExclusionRef.maxScopes else { return nil }
        scopes.append(key)
        scopeNumbers[key] = scopes.count - 1
        return scopes.count - 1
    }

    func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> Fingerprint128 {
        Fingerprint128(UnsafeRawBufferPointer(bytes), key: hashKey)
    }

    func fingerprint(_ bytes: [UInt8]) -> Fingerprint128 { Fingerprint128(bytes, key: hashKey) }

    /// Adds a folded entry. Hashes arrive as their 16-byte digest prefix.
    mutating func add(_ kind: ExclusionKind, _ folded: [UInt8], ref: ExclusionRef) {
        switch kind {
        case .exact: exact.insert(fingerprint(folded), ref)
        case .domain: domains.insert(fingerprint(folded), ref)
        case .sha256: sha256.insert(Fingerprint128(digestPrefix: folded), ref)
        case .md5: md5.insert(Fingerprint128(digestPrefix: folded), ref)
        case .role: roles.insert(fingerprint(folded), ref)
        case .disposable: disposable.insert(fingerprint(folded), ref)
        case .prefix: prefixes.insert(folded, ref)
        case .suffix: suffixes.insert(folded, ref)
        }
    }

    mutating func allow(_ folded: [UInt8], ref: ExclusionRef) { allowed.insert(fingerprint(folded), ref) }

    /// `local@domain` with the domain in Unicode, when it has a punycode (`xn--`) label.
    static func unicodeForm(local: UnsafeBufferPointer<UInt8>, domain: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let marker = Array("xn--".utf8)
        guard domain.count > 4, (0...(domain.count - 4)).contains(where: { i in
            (i == 0 || domain[i - 1] == UInt8(ascii: ".")) && domain[i..<(i + 4)].elementsEqual(marker)
        }), let unicode = IDNA.toUnicode(String(decoding: domain, as: UTF8.self)) else { return nil }
        return Array(local) + [UInt8(ascii: "@")] + Array(unicode.utf8)
    }

    /// Asks for the slot of the folded address `a` in the exact-address table ahead of its
    /// ``match(_:scoped:)`` (``FingerprintTable/prefetch(_:)``): the table that grows with the
    /// list; the others hold domains, prefixes and roles, and stay small.
    func prefetch(_ a: UnsafeBufferPointer<UInt8>) {
        if !exact.isEmpty { exact.prefetch(fingerprint(a)) }
    }

    /// Matches a folded address. Returns the first entry for all lists, in the order exact,
    /// hashed, domain, begins-with, ends-with, role, disposable; when there is none, every
    /// list-scoped entry that matched is in `scoped` (cleared first).
    func match(_ a: UnsafeBufferPointer<UInt8>, scoped: inout [ExclusionHit]) -> ExclusionHit? {
        scoped.removeAll(keepingCapacity: true)
        var drop: ExclusionHit?
        func consider(_ kind: ExclusionKind, _ ref: ExclusionRef, _ entry: @autoclosure () -> String) {
            guard drop == nil else { return }
            let hit = ExclusionHit(kind: kind, ref: ref, entry: entry())
            if ref.isAllLists { drop = hit } else { scoped.append(hit) }
        }
        var at = a.count
        while at > 0 && a[at - 1] != UInt8(ascii: "@") { at -= 1 }
        let hasAt = at > 0
        let domain = UnsafeBufferPointer(rebasing: a[at...])
        let local = UnsafeBufferPointer(rebasing: a[..<(hasAt ? at - 1 : 0)])

        if !exact.isEmpty {
            exact.forEach(fingerprint(a)) { consider(.exact, $0, String(decoding: a, as: UTF8.self)) }
            if drop != nil { return drop }
        }
        if !sha256.isEmpty || !md5.isEmpty {
            // A partner hashes the address as it has it: for a domain `normalize` wrote in
            // punycode, the Unicode form is hashed too (the plain form alone never matched).
            // The address's own bytes first, with no copy (this runs for every record).
            func matchHashes(_ bytes: UnsafeRawBufferPointer) {
                if !sha256.isEmpty {
                    var hasher = SHA256()
                    hasher.update(bufferPointer: bytes)
                    let d = hasher.finalize()
                    sha256.forEach(Fingerprint128(digestPrefix: d)) { consider(.sha256, $0, "sha256:" + Self.hex(d)) }
                }
                if drop == nil && !md5.isEmpty {
                    var hasher = Insecure.MD5()
                    hasher.update(bufferPointer: bytes)
                    let d = hasher.finalize()
                    md5.forEach(Fingerprint128(digestPrefix: d)) { consider(.md5, $0, "md5:" + Self.hex(d)) }
                }
            }
            matchHashes(UnsafeRawBufferPointer(a))
            if drop != nil { return drop }
            if hasAt, let unicode = Self.unicodeForm(local: local, domain: domain) {
                unicode.withUnsafeBytes { matchHashes($0) }
                if drop != nil { return drop }
            }
        }
        if hasAt && !domains.isEmpty {
            Self.forEachDomain(domain, parents: domains.hasSubdomainEntries) { d, isParent in
                domains.forEach(fingerprint(d)) { ref in
                    if !isParent || ref.matchesSubdomains { consider(.domain, ref, "domain:" + String(decoding: d, as: UTF8.self)) }
                }
            }
            if drop != nil { return drop }
        }
        if !prefixes.isEmpty {
            prefixes.forEachMatch(in: a) { i, ref in consider(.prefix, ref, "prefix:" + prefixes.entryText(i)) }
            if drop != nil { return drop }
        }
        if !suffixes.isEmpty {
            suffixes.forEachMatch(in: a) { i, ref in consider(.suffix, ref, "suffix:" + suffixes.entryText(i)) }
            if drop != nil { return drop }
        }
        if hasAt && !roles.isEmpty {
            roles.forEach(fingerprint(local)) { consider(.role, $0, "role:" + String(decoding: local, as: UTF8.self)) }
            if drop == nil, let plus = local.firstIndex(of: UInt8(ascii: "+")), plus > 0 {
                let base = UnsafeBufferPointer(rebasing: local[..<plus])
                roles.forEach(fingerprint(base)) { consider(.role, $0, "role:" + String(decoding: base, as: UTF8.self)) }
            }
            if drop != nil { return drop }
        }
        if hasAt && !disposable.isEmpty && !isAllowed(domain) {
            Self.forEachDomain(domain, parents: true) { d, _ in
                disposable.forEach(fingerprint(d)) { consider(.disposable, $0, "disposable:" + String(decoding: d, as: UTF8.self)) }
            }
        }
        return drop
    }

    /// Whether the domain or one of its parents is on the allowlist of disposable domains.
    private func isAllowed(_ domain: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !allowed.isEmpty else { return false }
        var found = false
        Self.forEachDomain(domain, parents: true) { d, _ in allowed.forEach(fingerprint(d)) { _ in found = true } }
        return found
    }

    /// Calls `body` with the domain, then (when `parents`) each parent with at least one dot:
    /// `a.b.example.com`, `b.example.com`, `example.com`.
    static func forEachDomain(_ domain: UnsafeBufferPointer<UInt8>, parents: Bool,
                              _ body: (UnsafeBufferPointer<UInt8>, Bool) -> Void) {
        guard !domain.isEmpty else { return }
        body(domain, false)
        guard parents else { return }
        var i = 0
        while i < domain.count {
            if domain[i] == UInt8(ascii: ".") {
                let rest = UnsafeBufferPointer(rebasing: domain[(i + 1)...])
                guard rest.contains(UInt8(ascii: ".")) else { return }
                body(rest, true)
            }
            i += 1
        }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
