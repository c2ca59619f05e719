/// Tags (issue 5 "Tags"): each value split on the configured separators, pieces trimmed,
/// empties dropped, and duplicates removed case-insensitively keeping the first spelling.
/// Tags that need none of it come back as they are.
struct TagNormalizer: Sendable {
    let separators: [String]
    let dedupe: Bool
    /// Single-byte ASCII separators, checked byte by byte on the fast path.
    private let separatorBytes: [UInt8]
    private let allSingleByte: Bool
    /// For each byte value: a separator byte or a control character (``isClean(_:)`` refuses
    /// both), one table load per byte.
    private let unclean: [Bool]

    init(separators: [String], dedupe: Bool) {
        self.separators = separators.filter { !$0.isEmpty }
        self.dedupe = dedupe
        separatorBytes = self.separators.compactMap { $0.utf8.count == 1 ? $0.utf8.first : nil }
        allSingleByte = separatorBytes.count == self.separators.count && separatorBytes.allSatisfy { $0 < 0x80 }
        var unclean = [Bool](repeating: false, count: 256)
        for b in 0..<0x20 { unclean[b] = true }
        // Bytes that may begin an invisible character (``InvisibleCharacters``): DEL and the
        // lead bytes 0xC2, 0xE2, 0xEF send a tag to the general path, which removes them.
        for b in [0x7F, 0xC2, 0xE2, 0xEF] { unclean[b] = true }
        for b in separatorBytes { unclean[Int(b)] = true }
        self.unclean = unclean
    }

    func normalize(_ tags: [String]) -> [String] { normalizeCounting(tags).tags }

    /// ``normalize(_:)``, and the control and invisible characters it removed
    /// (``InvisibleCharacters``).
    func normalizeCounting(_ tags: [String]) -> (tags: [String], removed: [Unicode.Scalar]) {
        if tags.isEmpty { return (tags, []) }
        // Tags that need nothing (no separator, no padding, not empty) come back as they are,
        // without a new array and Strings; with dedupe only a single one (no duplicate to drop).
        if tags.count == 1 || !dedupe, allClean(tags) { return (tags, []) }
        var out: [String] = []
        out.reserveCapacity(tags.count + 2)
        // The keys seen, in an array while they are few (no hashing), in a set beyond: a hostile
        // export with 200,000 distinct tags on one contact took minutes with the array alone.
        var keys: [String] = []
        var keySet: Set<String> = []
        var removed: [Unicode.Scalar] = []
        for tag in tags {
            for piece in split(tag) {
                let visible = InvisibleCharacters.removed(from: piece)
                removed += visible.removed
                let t = Whitespace.trimSpaces(visible.text)
                if t.isEmpty { continue }
                if dedupe {
                    let key = CaseFolding.lowercase(t)
                    if keySet.isEmpty {
                        if keys.contains(key) { continue }
                        keys.append(key)
                        if keys.count > 16 { keySet = Set(keys) }
                    } else if !keySet.insert(key).inserted {
                        continue
                    }
                }
                out.append(t)
            }
        }
        return (out, removed)
    }

    /// Whether every tag ``isClean(_:)``.
    private func allClean(_ tags: [String]) -> Bool {
        for tag in tags where !isClean(tag) { return false }
        return true
    }

    /// No separator, no padding, not empty.
    private func isClean(_ tag: String) -> Bool {
        var tag = tag
        return tag.withUTF8 { isClean(utf8: $0) } ?? (!separators.contains { tag.contains($0) } && !InvisibleCharacters.mayHold(tag))
    }

    /// ``isClean(_:)`` for the UTF-8 bytes of a tag; nil when a separator is longer than one
    /// byte (then the tag is to be checked as a `String`).
    func isClean(utf8 buf: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let first = buf.first, let last = buf.last else { return false }
        if Whitespace.isASCIIWhitespace(first) || Whitespace.isASCIIWhitespace(last) || first >= 0x80 || last >= 0x80 { return false }
        guard allSingleByte else { return nil }
        return !buf.contains { unclean[Int($0)] }
    }

    private func split(_ tag: String) -> [String] {
        if allSingleByte {
            // Byte-level split: the separators are single ASCII bytes, which never occur inside
            // a multi-byte UTF-8 sequence.
            var pieces: [String] = []
            var t = tag
            t.withUTF8 { buf in
                var start = 0
                for i in 0..<buf.count where separatorBytes.contains(buf[i]) {
                    pieces.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self))
                    start = i + 1
                }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start...]), as: UTF8.self))
            }
            return pieces
        }
        var pieces = [tag]
        for sep in separators {
            pieces = pieces.flatMap { $0.split(separator: sep, omittingEmptySubsequences: false).map(String.init) }
        }
        return pieces
    }
}
