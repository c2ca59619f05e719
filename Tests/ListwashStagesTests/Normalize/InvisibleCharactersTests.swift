import ListwashCore
import ListwashTestSupport
@testable import ListwashStages
import Testing

/// Control and invisible format characters leave names, company and tags, with a note; the
/// characters scripts need (ZWJ, ZWNJ) and whitespace handled by the trimming rules stay.
struct InvisibleCharactersTests {
    @Test(arguments: [
        ("A\u{0}B", "AB", "U+0000"), ("Sm\u{1B}[31mith", "Sm[31mith", "U+001B"), ("\u{202E}nomiS", "nomiS", "U+202E"),
        ("Bo\u{200B}b", "Bob", "U+200B"), ("Ann\u{7F}", "Ann", "U+007F"), ("Zo\u{85}\u{9B}ë", "Zo\u{85}ë", "U+009B"),
        ("\u{2066}Li\u{2069}", "Li", "U+2066, U+2069"), ("Jo\u{FEFF}e", "Joe", "U+FEFF"), ("W\u{2060}J", "WJ", "U+2060"),
    ])
    func removesThemFromNames(raw: String, expected: String, codes: String) throws {
        let r = try normalizeOne(.fixture(email: "a@x.com", firstName: raw, lastName: raw, company: raw), ["--collapse-spaces=false"])
        #expect(r.firstName == expected && r.lastName == expected && r.customerAcctName == expected)
        let notes = r.notes.filter { $0.code == "invisible_removed" }
        #expect(notes.map(\.field) == ["first_name", "last_name", "customer_acct_name"])
        #expect(notes.allSatisfy { $0.message.hasSuffix("(\(codes))") })
        // Normalizing again changes nothing.
        #expect(try normalizeOne(r, ["--collapse-spaces=false"]) == r)
    }

    @Test(arguments: ["Mehr\u{200C}dad", "👩\u{200D}💻", "José", "O\u{2019}Brien", "Tab\tinside", "李", "€ Partners"])
    func leavesOtherTextAlone(raw: String) throws {
        let r = try normalizeOne(.fixture(email: "a@x.com", firstName: raw, company: raw, tags: [raw]), ["--collapse-spaces=false"])
        #expect(r.firstName == raw && r.customerAcctName == raw && r.tags == [raw])
        #expect(!r.notes.contains { $0.code == "invisible_removed" })
    }

    @Test func removesThemFromTagsAndExplainsTheChange() throws {
        let r = try normalizeOne(.fixture(email: "a@x.com", firstName: "A\u{0}", tags: ["vip\u{202E}", "ok", "\u{1}"]), ["--explain"])
        #expect(r.tags == ["vip", "ok"])
        #expect(r.notes.contains { $0.code == "invisible_removed" && $0.field == "tags" && $0.message == "removed 2 control or invisible characters (U+202E, U+0001)" })
        #expect(r.notes.contains { $0.code == "invisible_removed" && $0.field == "first_name" && $0.message == "removed 1 control or invisible character (U+0000)" })
        #expect(r.changes.contains { $0.field == "first_name" && $0.rule == "text.invisible" && $0.before == "A\u{0}" && $0.after == "A" })
    }

    @Test func removesThemFromCustomFieldValues() throws {
        var record = ContactRecord.fixture(email: "a@x.com")
        record.fields = [KeyValue("12", "gold\u{0}\u{202E}"), KeyValue("13", "Line one\nline two")]
        let r = try normalizeOne(record)
        #expect(r.fields == [KeyValue("12", "gold"), KeyValue("13", "Line one\nline two")])
        #expect(r.notes.filter { $0.code == "invisible_removed" }.map(\.field) == ["fields.12"])
        #expect(try normalizeOne(r) == r)
    }

    @Test func aNameOfOnlyInvisibleCharactersIsRemoved() throws {
        let r = try normalizeOne(.fixture(email: "a@x.com", firstName: "\u{200B}\u{0}", company: " \u{202E} "))
        #expect(r.firstName == nil && r.customerAcctName == nil)
    }

    /// The byte prefilter never misses one: every scalar it removes is found in random text.
    @Test func thePrefilterFindsEveryOne() {
        let alphabet: [Unicode.Scalar] = ["a", "é", "€", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{200B}",
                                          "\u{200C}", "\u{202A}", "\u{202E}", "\u{2060}", "\u{2066}", "\u{2069}", "\u{FEFF}", "\u{FFFD}", "😀", "\t"]
        var rng = SplitMix64(seed: 5)
        for _ in 0..<5000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 8) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let text = String(s)
            let expected = text.unicodeScalars.filter(InvisibleCharacters.isInvisible)
            #expect(InvisibleCharacters.removed(from: text).removed == Array(expected), "\(text.unicodeScalars.map(\.value))")
        }
    }
}
