@testable import ListwashImport
import PropertyBased
import Testing

/// ``EmailKeySet`` against `Set<String>` semantics (an array compared with `==`), and the
/// word-at-a-time email shape against the byte-by-byte reference.
struct EmailKeySetTests {
    /// Keys of every length around the eight-byte words, repeats, and pairs that are equal as
    /// `String`s with different bytes (canonical equivalence), ASCII and not.
    static let pool: [String] = [
        "a@x.co", "b@x.co", "ann@example.com", "ann@example.co", "ann.lee+news@example.com", "x@y.z",
        "p1@x.com", "p2@x.com", "p10@x.com", "zoë@example.de", "zoe\u{308}@example.de", "\u{E9}@x.com", "e\u{301}@x.com",
        "k@x.com", "K@x.com", "\u{212A}@x.com", "a;b@x.com", "a\u{37E}b@x.com", "李.wang@example.cn", "", "abcdefgh", "abcdefghi",
    ]

    /// One step: 0-6 insert, 7 contains, 8 remove the last, 9 remove all; the key from ``pool``.
    static let steps = zip(Gen.int(in: 0...9), Gen.int(in: 0...(pool.count - 1))).array(of: 0...80)

    @Test func behavesLikeASetOfStrings() async {
        await propertyCheck(count: 300, input: Self.steps) { steps in
            var set = EmailKeySet(capacity: 2)  // small, so that it grows
            var model: [String] = []
            for (op, k) in steps {
                let key = Self.pool[k]
                switch op {
                case 0...6:
                    let fresh = !model.contains(key)
                    let inserted = set.insert(key)
                    #expect(inserted == fresh, "insert '\(key)' into \(model)")
                    if fresh { model.append(key) }
                case 7:
                    #expect(set.contains(key) == model.contains(key), "contains '\(key)' in \(model)")
                case 8 where !model.isEmpty:
                    set.removeLast()
                    model.removeLast()
                case 9:
                    set.removeAll()
                    model.removeAll()
                default: break
                }
                #expect(set.count == model.count)
                #expect(set.last == model.last)
            }
            for key in Self.pool { #expect(set.contains(key) == model.contains(key), "'\(key)' in \(model)") }
        }
    }

    @Test func equalStringsWithDifferentBytesAreOneKey() {
        var set = EmailKeySet()
        // KELVIN SIGN is canonically `K` (the same `String`), and `é` is `e` + U+0301.
        let inserted = ["K@x.com", "\u{212A}@x.com", "k@x.com", "e\u{301}@x.com", "\u{E9}@x.com"].map { set.insert($0) }
        #expect(inserted == [true, false, true, true, false])
        #expect(set.count == 3)
    }

    @Test func theASCIIHashIsOnlyForASCII() {
        #expect(EmailKeySet.asciiHash("ann@example.com") != nil)
        #expect(EmailKeySet.asciiHash("ann@example.com") == EmailKeySet.asciiHash(String("xann@example.com".dropFirst())))
        #expect(EmailKeySet.asciiHash("ann@example.co") != EmailKeySet.asciiHash("ann@example.com"))
        #expect(EmailKeySet.asciiHash("zoë@example.de") == nil)
        #expect(EmailKeySet.asciiHash("abcdefgh\u{E9}") == nil)
    }

    /// Emails made of the bytes the shape looks at, in every position of the eight-byte words.
    static let emails = Gen<String?>.element(of: ["a", "b", "1", "@", ".", ".", "-", " ", "\t", "\n", "\u{1}", "\u{7F}", "\u{200B}", "\u{A0}", "é", "李", "x", "y", "z"])
        .map { $0 ?? "" }.array(of: 0...30).map { $0.joined() }

    @Test func theWordAtATimeShapeEqualsTheByteByByteOne() async {
        await propertyCheck(count: 1_000, input: Self.emails) { email in
            var copy = email
            let reference = copy.withUTF8 { EmailCheck.hasBasicShapeBytewise($0) }
            #expect(EmailCheck.hasBasicShape(email) == reference, "'\(email)'")
        }
    }

    @Test(arguments: [
        ("abcdefg@x.com", true), ("abcdefgh@x.com", true), ("abcdefgh@.xcomabc", false), ("abcdefg@.x.comabc", true),
        ("abcdefgh@xcomabcdefgh", false), ("abcdefgh@xcomabcdefgh.", false), ("abcdefgh@xcomabcdefg.h", true),
        ("abcdefgh@x@com.abcdefgh", false), ("abcdefghijklmno@", false), ("@bcdefghijklmno.p", false),
        ("abcdefghijklmno@p.q", true), ("abcdefg.@x.comabcd", true), ("abc.efgh@xcomabcde", false), ("abcdefgh@x.c\u{1}m", false),
        ("abcdefgh@x.c m", false), ("abcdefgh@x.com abcdefgh", false), ("abcdefgh\u{A0}@x.com", false),
        ("abcdefgh@x.c\u{7F}m", false), ("abcdefgh@x.com\u{1B}", false), ("abc\u{200B}defgh@x.com", false), ("abcdefgh@x.\u{202E}com", false),
        ("\u{FEFF}abcdefgh@x.com", false), ("abcdefgh@x.co\u{85}m", false), ("abcdefgh@x.co\u{2069}", false),
        ("zoë.müller@example.de", true), ("abcdefgh@x.co\u{A1}", true), ("abcdefgh@x.co\u{2010}", true), ("李.wang@例え.jp", true),
    ])
    func shapesAcrossWords(email: String, valid: Bool) {
        #expect(EmailCheck.hasBasicShape(email) == valid, "\(email)")
        var copy = email
        #expect(copy.withUTF8 { EmailCheck.hasBasicShapeBytewise($0) } == valid, "\(email)")
    }
}
