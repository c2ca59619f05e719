import ListwashCore

/// The first line of listwash's XML defence: reads the prolog (everything before the root
/// element) and refuses a document whose DOCTYPE references an external DTD (`SYSTEM`/`PUBLIC`)
/// or whose internal subset declares an entity (`<!ENTITY`) or more than 256 attribute defaults
/// (``maxAttributeDefaults``). That covers billion laughs,
/// quadratic blow-up, XXE (file and network) and parameter-entity out-of-band tricks, and it
/// happens before libxml2 sees a byte, so no record is ever emitted from such a document.
///
/// Written by hand because libxml2 2.9.14 has no `XML_PARSE_NO_XXE` (PLATFORM.md §1) and
/// offers no "forbid DTD" switch; the SAX callbacks in ``XMLRecordBuilder`` are the second line
/// (they refuse entity declarations and external subsets that this scan could not see, e.g. in an
/// encoding it does not read).
///
/// UTF-16 and UCS-4 documents are scanned with their NUL bytes dropped, which leaves the ASCII
/// markup readable.
enum XMLPrologGuard {
    enum Verdict: Equatable {
        /// No DOCTYPE, or a DOCTYPE without entities or external identifiers.
        case safe
        /// The bytes end before the prolog does; read more (unless at the end of input).
        case needMore
        /// Refused: what was found, and the 1-based line and column of it.
        case refused(message: String, line: Int, column: Int)
    }

    /// Past this many prolog bytes without a verdict, the scan stops and the SAX-level guard
    /// stands alone (a prolog this long is a very long comment or a refused-anyway DTD).
    static let maxScan = 4 << 20

    /// The most attribute defaults (`<!ATTLIST c a CDATA "x">`) an internal subset may declare.
    /// listwash drops defaulted attributes, but libxml2 2.9 checks each default against every
    /// element's attributes, in time that grows with their product; real exports declare none.
    static let maxAttributeDefaults = 256

    /// Checks the prolog in `bytes` (the document's first bytes; `atEnd` when that is all of it).
    static func check(_ bytes: [UInt8], atEnd: Bool) -> Verdict {
        let view = needsNulStripping(bytes) ? bytes.filter { $0 != 0 } : bytes
        var s = Scanner(v: view, atEnd: atEnd || bytes.count >= maxScan)
        return s.scan()
    }

    static func needsNulStripping(_ b: [UInt8]) -> Bool {
        if b.count >= 2, (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) { return true }
        return b.prefix(4).contains(0)
    }

    private struct Scanner {
        let v: [UInt8]
        let atEnd: Bool
        var i = 0

        /// More input could change the verdict: ask for it, unless there is none.
        var more: Verdict { atEnd ? .safe : .needMore }

        func starts(_ s: String, at k: Int) -> Bool? {
            let u = Array(s.utf8)
            if k + u.count > v.count {
                // A prefix of `s` at the end of the bytes: undecided until more input arrives.
                return v[k...].elementsEqual(u.prefix(v.count - k)) ? nil : false
            }
            return v[k..<k + u.count].elementsEqual(u)
        }

        func find(_ s: String, from k: Int) -> Int? {
            let u = Array(s.utf8)
            var j = k
            while j + u.count <= v.count {
                if v[j] == u[0], v[j..<j + u.count].elementsEqual(u) { return j }
                j += 1
            }
            return nil
        }

        static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

        func refuse(_ message: String, at k: Int) -> Verdict {
            var line = 1, lineStart = 0
            for j in 0..<min(k, v.count) where v[j] == 0x0A {
                line += 1
                lineStart = j + 1
            }
            return .refused(message: message, line: line, column: k - lineStart + 1)
        }

        mutating func scan() -> Verdict {
            if v.starts(with: UTF8ByteOrderMark.bytes) { i = 3 } else if v.starts(with: [0xFE, 0xFF]) || v.starts(with: [0xFF, 0xFE]) { i = 2 }
            while true {
                while i < v.count, Self.isSpace(v[i]) { i += 1 }
                guard i < v.count else { return more }
                guard v[i] == UInt8(ascii: "<") else { return .safe }  // text before the root: libxml2 reports it
                guard i + 1 < v.count else { return more }
                switch v[i + 1] {
                case UInt8(ascii: "?"):
                    guard let end = find("?>", from: i + 2) else { return more }
                    i = end + 2
                case UInt8(ascii: "!"):
                    switch (starts("<!--", at: i), starts("<!DOCTYPE", at: i)) {
                    case (true, _):
                        guard let end = find("-->", from: i + 4) else { return more }
                        i = end + 3
                    case (_, true):
                        return doctype()
                    case (nil, _), (_, nil):
                        return more
                    default:
                        return .safe  // not well-formed; libxml2 reports it
                    }
                default:
                    return .safe  // the root element starts
                }
            }
        }

        mutating func doctype() -> Verdict {
            var j = i + 9
            while j < v.count, Self.isSpace(v[j]) { j += 1 }
            while j < v.count, !Self.isSpace(v[j]), v[j] != UInt8(ascii: "["), v[j] != UInt8(ascii: ">") { j += 1 }
            while j < v.count, Self.isSpace(v[j]) { j += 1 }
            guard j < v.count else { return more }
            for keyword in ["SYSTEM", "PUBLIC"] {
                switch starts(keyword, at: j) {
                case true?:
                    return refuse("the DOCTYPE references an external DTD (\(keyword)); external DTDs are never loaded", at: j)
                case nil:
                    return more
                case false?:
                    break
                }
            }
            guard v[j] == UInt8(ascii: "[") else { return .safe }
            var k = j + 1
            // Inside an `<!ATTLIST` declaration, each quoted literal is an attribute's default.
            var inAttributeList = false
            var defaults = 0
            while k < v.count {
                let c = v[k]
                if c == UInt8(ascii: "]") { return .safe }
                if c == UInt8(ascii: ">") { inAttributeList = false }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    guard let close = v[(k + 1)...].firstIndex(of: c) else { return more }
                    if inAttributeList {
                        defaults += 1
                        if defaults > XMLPrologGuard.maxAttributeDefaults {
                            return refuse("the DOCTYPE declares more than \(XMLPrologGuard.maxAttributeDefaults) attribute defaults; libxml2 checks every default on every element (4,000 of them took 6 s on 1,000 contacts)", at: k)
                        }
                    }
                    k = close + 1
                    continue
                }
                if c == UInt8(ascii: "<") {
                    switch starts("<!ATTLIST", at: k) {
                    case true?: inAttributeList = true
                    case nil: return more
                    case false?: break
                    }
                }
                if c == UInt8(ascii: "<") {
                    switch starts("<!--", at: k) {
                    case true?:
                        guard let end = find("-->", from: k + 4) else { return more }
                        k = end + 3
                        continue
                    case nil: return more
                    case false?: break
                    }
                    switch starts("<!ENTITY", at: k) {
                    case true?:
                        var n = k + 8
                        while n < v.count, Self.isSpace(v[n]) || v[n] == UInt8(ascii: "%") { n += 1 }
                        var e = n
                        while e < v.count, !Self.isSpace(v[e]), v[e] != UInt8(ascii: ">") { e += 1 }
                        let name = String(decoding: v[n..<e].prefix(64), as: UTF8.self)
                        return refuse("the DOCTYPE declares entity '\(name)'; entity declarations are refused", at: k)
                    case nil: return more
                    case false?: break
                    }
                }
                k += 1
            }
            return more
        }
    }
}
