/// Splits a tags value on any of its separators (`;` and `,` by default; multi-character ones
/// such as Google's ` ::: ` too). Pieces are kept as written, empty pieces dropped; trimming and
/// de-duplication are normalize's job. A value written as quoted items (`"VIP, Gold","New"`,
/// Mailchimp's form) is split between the quotes only.
public struct TagSplitter: Sendable {
    private let separators: [[UInt8]]
    /// When every separator is one byte (always ASCII, so never inside a multi-byte character):
    /// whether each byte value is one. The hot path of `parse`, which looked each byte up in
    /// ``separators`` through a closure.
    private let singleByte: [Bool]?

    public static let defaultSeparators = [";", ","]

    public init(separators: [String]) {
        self.separators = separators.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        if self.separators.allSatisfy({ $0.count == 1 }) {
            var table = [Bool](repeating: false, count: 256)
            for sep in self.separators { table[Int(sep[0])] = true }
            singleByte = table
        } else {
            singleByte = nil
        }
    }

    public func split(_ value: String) -> [String] {
        var value = value
        return value.withUTF8 { split(bytes: $0) }
    }

    /// The pieces of a value given as its (valid) UTF-8 bytes, so a parser needs no String of
    /// the whole value.
    public func split(bytes p: UnsafeBufferPointer<UInt8>) -> [String] {
        if let first = p.first(where: { $0 != 0x20 }), first == 0x22, let items = quotedItems(p) { return items }
        if let singleByte {
            // Sized first: growing the list of strings copied it (retaining each piece) for
            // nearly every record with two tags or more.
            var separators = 0
            for b in p where singleByte[Int(b)] { separators += 1 }
            var pieces: [String] = []
            pieces.reserveCapacity(separators + 1)
            var start = 0
            for i in 0..<p.count where singleByte[Int(p[i])] {
                if i > start { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)) }
                start = i + 1
            }
            if start < p.count { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: p[start...]), as: UTF8.self)) }
            return pieces
        }
        var pieces: [String] = []
        var start = 0
        var i = 0
        while i < p.count {
            if let sep = separators.first(where: { matches($0, p, at: i) }) {
                if i > start { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)) }
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        if start < p.count { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: p[start...]), as: UTF8.self)) }
        return pieces
    }

    /// The items of a value written as a list of quoted items, `"Customer","VIP, Gold"` (how
    /// Mailchimp exports tags: a separator inside an item is not a split, and `""` is a quote);
    /// nil when the value is not entirely such a list, for the plain split to take.
    func quotedItems(_ p: UnsafeBufferPointer<UInt8>) -> [String]? {
        var items: [String] = []
        var i = 0
        func skipSpaces() { while i < p.count && p[i] == 0x20 { i += 1 } }
        while true {
            skipSpaces()
            guard i < p.count, p[i] == 0x22 else { return nil }
            i += 1
            var item: [UInt8] = []
            var closed = false
            while i < p.count {
                if p[i] == 0x22 {
                    if i + 1 < p.count && p[i + 1] == 0x22 { item.append(0x22); i += 2; continue }
                    i += 1
                    closed = true
                    break
                }
                item.append(p[i])
                i += 1
            }
            guard closed else { return nil }
            if !item.isEmpty { items.append(String(decoding: item, as: UTF8.self)) }
            skipSpaces()
            if i == p.count { return items }
            guard let sep = separators.first(where: { matches($0, p, at: i) }) else { return nil }
            i += sep.count
        }
    }

    private func matches(_ sep: [UInt8], _ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard p[i] == sep[0], i + sep.count <= p.count else { return false }
        for k in 1..<sep.count where p[i + k] != sep[k] { return false }
        return true
    }
}
