import PropertyBased
import Testing
@testable import ListwashCore

/// ``ByteWord``'s tests agree with a byte-by-byte look at the same eight bytes.
struct ByteWordTests {
    static let interesting: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x2C, 0x2E, 0x3F, 0x40, 0x41, 0x5C, 0x7F, 0x80, 0xC0, 0xFF]

    static func word(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { ByteWord.load($0.baseAddress!) } }

    static func mask(_ bytes: [UInt8], _ test: (UInt8) -> Bool) -> UInt64 {
        var m: UInt64 = 0
        for (j, b) in bytes.enumerated() where test(b) { m |= 0x80 << UInt64(8 * j) }
        return m
    }

    /// For the cheap tests: the same first hit (or none).
    static func sameFirst(_ ours: UInt64, _ reference: UInt64) -> Bool {
        ours == 0 ? reference == 0 : reference != 0 && ByteWord.firstIndex(ours) == ByteWord.firstIndex(reference)
    }

    @Test func eachTestAgreesWithTheBytes() async {
        let gen = Gen<UInt8?>.element(of: Self.interesting).map { $0 ?? 0 }.array(of: 8...8)
        await propertyCheck(count: 1000, input: gen) { bytes in
            let w = Self.word(bytes)
            var agree = ByteWord.nonASCII(w) == Self.mask(bytes) { $0 >= 0x80 }
            for b: UInt8 in [0x00, 0x22, 0x2C, 0x40, 0x2E] {
                let reference = Self.mask(bytes) { $0 == b }
                agree = agree && ByteWord.equalExactly(w, b) == reference
                    && Self.sameFirst(ByteWord.equal(w, b), reference)
                    && ByteWord.equal(w, to: ByteWord.repeated(b)) == ByteWord.equal(w, b)
            }
            for n: UInt8 in [0x20, 0x21, 0x80] {
                agree = agree && Self.sameFirst(ByteWord.below(w, n), Self.mask(bytes) { $0 < n })
            }
            #expect(agree, "\(bytes.map { String($0, radix: 16) })")
        }
    }

    /// ``ByteWord/same(_:_:count:)`` agrees with comparing the arrays, for every length up to
    /// three words and a difference at any offset.
    @Test func sameAgreesWithArrayEquality() async {
        await propertyCheck(count: 2000, input: Gen<UInt8>.uint8().array(of: 0...24), Gen.int(in: 0...24)) { bytes, at in
            // A difference at offset `at`, or none when `at` is past the end.
            var other = bytes
            if at < bytes.count { other[at] ^= 0x01 }
            let same = bytes.withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    ByteWord.same(a.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: a.count)
                }
            }
            #expect(same == (bytes == other))
        }
    }
}
