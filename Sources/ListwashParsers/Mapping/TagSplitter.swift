/// Splits a tags value on any of its separators (`;` and `,` by default; multi-character ones
/// such as Google's ` ::: ` too). Pieces are kept as written, empty pieces dropped; trimming and
/// de-duplication are normalize's job.
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
        if let singleByte {
            var pieces: [String] = []
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

    private func matches(_ sep: [UInt8], _ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard p[i] == sep[0], i + sep.count <= p.count else { return false }
        for k in 1..<sep.count where p[i + k] != sep[k] { return false }
        return true
    }
}
