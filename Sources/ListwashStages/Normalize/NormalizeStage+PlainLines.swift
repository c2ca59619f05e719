import ListwashCore

/// `normalize` in a shell pipe decides most lines from their bytes (``PlainLineRewriting``):
/// a line whose values `process` would leave alone, or change only by a new email or phone
/// text, is written on as read with those values replaced. Every check here mirrors a step of
/// ``NormalizeStage/process(_:into:)`` and answers "unchanged" only where that step surely
/// changes nothing; any doubt sends the line to `process` (`PlainLineTests` holds the two equal
/// over random lines).
extension NormalizeStage: PlainLineRewriting {
    /// Explained runs record every change, title case rewrites names: both need records.
    public var rewritesPlainLines: Bool { !options.explain && !options.titleCaseNames }

    public mutating func beginPlainLine(_ line: UnsafeBufferPointer<UInt8>) {
        plain.line = line
        plain.tags.removeAll(keepingCapacity: true)
        plain.tagCount = 0
        plain.nonASCIITag = false
    }

    public mutating func acceptsPlainValue(_ value: PlainString, edits: inout LineEdits) -> Bool {
        let bytes = value.bytes
        switch value.kind {
        case .email:
            // Accepted without a note: the address as `process` writes it. An escaped email
            // (rare) is left to it.
            guard value.unescaped == nil else { return false }
            plain.scratch.removeAll(keepingCapacity: true)
            switch email.normalize(utf8: bytes, appendingTo: &plain.scratch) {
            case .unchanged: return true
            case .normalized: return plain.scratch.withUnsafeBufferPointer { edits.replace(value.range, utf8: $0) }
            case .undecided: break
            }
            guard !bytes.isEmpty,
                  case .accepted(let address, let notes) = email.normalize(String(decoding: bytes, as: UTF8.self)),
                  notes.isEmpty else { return false }
            return Self.same(address, bytes) || edits.replace(value.range, with: address)
        case .phone:
            // Only the E.164 mode touches phones; an empty or invalid one needs the record.
            guard options.phoneMode == .e164 else { return true }
            guard value.unescaped == nil,
                  case .normalized(let e164) = phone.normalize(String(decoding: bytes, as: UTF8.self)) else { return false }
            return Self.same(e164, bytes) || edits.replace(value.range, with: e164)
        case .firstName, .lastName, .customerAcctName:
            if value.unescaped == nil && isNormalName(bytes, ascii: value.ascii) { return true }
            // Padded, with runs of whitespace, or escaped: trimmed as `process` trims it. A
            // value that trims to nothing is removed, which only the record can say.
            let text = value.unescaped ?? String(decoding: bytes, as: UTF8.self)
            guard !InvisibleCharacters.mayHold(text) else { return false }
            let trimmed = trimName(text)
            if trimmed.isEmpty { return false }
            if Self.same(trimmed, text) { return true }
            return edits.replace(value.range, with: trimmed)
        case .tag:
            guard value.unescaped == nil, tags.isClean(utf8: bytes) == true else { return false }
            plain.tagCount += 1
            guard options.tagDedupe else { return true }
            guard value.ascii else {
                plain.nonASCIITag = true
                return true
            }
            // Compared pairwise: many tags are left to the tag normalizer, which hashes them.
            guard plain.tags.count < 16 else { return false }
            for earlier in plain.tags where Self.equalIgnoringASCIICase(UnsafeBufferPointer(rebasing: plain.line[earlier]), bytes) {
                return false
            }
            plain.tags.append(value.range)
            return true
        }
    }

    public mutating func acceptsPlainLine(hasEmail: Bool, edits: inout LineEdits) -> Bool {
        // No email is a reject; several tags, one of them not ASCII, may hold duplicates only
        // the tag normalizer's case folding finds.
        hasEmail && !(options.tagDedupe && plain.tagCount > 1 && plain.nonASCIITag)
    }

    /// A name or company `normalizeNames` and `normalizeCompany` leave as it is: not empty, no
    /// control or invisible character, and trimmed (collapsed, when spaces are collapsed: known
    /// for ASCII text only).
    private func isNormalName(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> Bool {
        guard let first = bytes.first, let last = bytes.last, !InvisibleCharacters.mayHold(bytes) else { return false }
        if options.collapseSpaces { return ascii && Whitespace.isCollapsedASCII(bytes) == true }
        return first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09
    }

    /// Whether `text` is `bytes` (one comparison of words, where `elementsEqual` walked the
    /// UTF-8 view byte by byte).
    private static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { t in t.count == bytes.count && (t.isEmpty || ByteWord.same(t.baseAddress!, bytes.baseAddress!, count: t.count)) }
    }

    /// Whether `a` and `b` are the same bytes (a trimmed name is the name when nothing was trimmed).
    private static func same(_ a: String, _ b: String) -> Bool {
        var b = b
        return b.withUTF8 { same(a, $0) }
    }

    private static func equalIgnoringASCIICase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] {
            let x = a[i] &- 0x41 < 26 ? a[i] | 0x20 : a[i]
            let y = b[i] &- 0x41 < 26 ? b[i] | 0x20 : b[i]
            if x != y { return false }
        }
        return true
    }
}

/// The line ``NormalizeStage`` is deciding as ``PlainLineRewriting``, and its tags so far.
struct PlainLineState {
    var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Where the ASCII tags are in `line` (for the duplicate check when tags are deduplicated).
    var tags: [Range<Int>] = []
    var tagCount = 0
    var nonASCIITag = false
    /// A new address, made from the line's bytes.
    var scratch: [UInt8] = []
}
