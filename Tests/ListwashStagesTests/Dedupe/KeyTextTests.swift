import ListwashCore
@testable import ListwashStages
import Testing

/// ``KeyText`` folds with words of eight bytes on its fast path: held to a byte-by-byte
/// reference over random text rich in the bytes at the edges of its tests (space, `@`, `A`,
/// `Z`, `[`, `` ` ``, DEL, non-ASCII, tabs and newlines).
struct KeyTextTests {
    /// Trimmed, lowercased, inner whitespace runs to one space: the documented folding,
    /// written the slow way.
    static func reference(_ bytes: [UInt8]) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
        let lowered = bytes.allSatisfy { $0 < 0x80 } ? bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } : Array(text.lowercased().utf8)
        var out: [UInt8] = []
        var pending = false
        for b in lowered {
            if space.contains(b) { pending = !out.isEmpty; continue }
            if pending { out.append(0x20); pending = false }
            out.append(b)
        }
        return out.isEmpty ? nil : out
    }

    @Test func foldingMatchesTheByteByByteReference() {
        let alphabet: [UInt8] = [0x20, 0x21, 0x40, 0x41, 0x4D, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7F, 0x09, 0x0A, 0x2E]
            + Array("Jane.DOE+x@Example.ORG".utf8) + Array("É".utf8)
        var rng = SplitMix64(seed: 91)
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 40)
            var bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            // Keep it valid UTF-8 (É is two bytes): drop a lone half.
            bytes = Array(String(decoding: bytes, as: UTF8.self).utf8).filter { $0 != 0xEF && $0 != 0xBF && $0 != 0xBD }
            if String(validating: bytes, as: UTF8.self) == nil { continue }
            var out: [UInt8] = [0x1F]
            let appended = bytes.withUnsafeBufferPointer { KeyText.appendFolded($0, to: &out) }
            let expected = Self.reference(bytes)
            #expect(appended == (expected != nil), "\(bytes)")
            #expect(Array(out.dropFirst()) == (expected ?? []), "\(bytes)")
        }
    }

    @Test func everyUppercaseLetterInEveryPositionOfAWord() {
        for letter in UInt8(0x41)...0x5A {
            for position in 0..<11 {
                var bytes = Array(repeating: UInt8(ascii: "x"), count: 11)
                bytes[position] = letter
                var out: [UInt8] = []
                bytes.withUnsafeBufferPointer { _ = KeyText.appendFolded($0, to: &out) }
                var expected = bytes
                expected[position] = letter | 0x20
                #expect(out == expected)
            }
        }
    }
}
