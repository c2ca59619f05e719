import Testing
import PropertyBased
import ListwashCore
@testable import ListwashParsers

/// Mac OS Roman (`macintosh`): Excel for Mac's plain "CSV". Told from Windows-1252 by how each
/// reads the accented letters (``LegacyEncodingGuess``), and never at Windows-1252's expense.
struct MacRomanTests {
    /// Names with the accented letters of Western European languages, and curly apostrophes.
    static let names = [
        "José Müller", "François Dupont", "Björn Ångström", "Zoë Ñuñez", "Cæsar Øster", "Élise Lefèvre",
        "Jürgen Groß", "Renée O’Brien", "Ana María Pérez", "Gaëlle Noël", "Chloé Besançon", "Mañana Ibáñez",
        "João Gonçalves", "Fátima Núñez", "Sørensen", "Ünal Çelik", "Zürich Straße", "D’Angelo",
    ]

    /// `text` in Mac OS Roman, built from listwash's own table (pinned below).
    static func macRoman(_ text: String) -> [UInt8] {
        var byScalar: [UInt32: UInt8] = [:]
        for b in 0x80...0xFF { byScalar[TextDecoding.scalar(UInt8(b), encoding: "macintosh")!] = UInt8(b) }
        return text.unicodeScalars.map { $0.value < 0x80 ? UInt8($0.value) : byScalar[$0.value]! }
    }

    /// `text` in Windows-1252 (the letters used here are Latin-1's, the apostrophe 0x92).
    static func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value == 0x2019 ? 0x92 : UInt8($0.value) }
    }

    static func csv(_ names: [String], encode: (String) -> [UInt8], lineEnd: String = "\n") -> [UInt8] {
        var bytes = Array("Email,Name\(lineEnd)".utf8)
        for (i, name) in names.enumerated() { bytes += Array("p\(i)@example.com,".utf8) + encode(name) + Array(lineEnd.utf8) }
        return bytes
    }

    @Test func theTableIsApples() {
        let pinned: [UInt8: UInt32] = [0x80: 0xC4, 0x81: 0xC5, 0x8D: 0xE7, 0x8E: 0xE9, 0x9A: 0xF6, 0x9F: 0xFC, 0xA7: 0xDF,
                                       0xBF: 0xF8, 0xD5: 0x2019, 0xDB: 0x20AC, 0xF0: 0xF8FF, 0xFF: 0x02C7]
        for (byte, scalar) in pinned { #expect(TextDecoding.scalar(byte, encoding: "macintosh") == scalar) }
        #expect((0x80...0xFF).allSatisfy { TextDecoding.scalar(UInt8($0), encoding: "macintosh") != nil })
        #expect(TextEncodingName.canonical("Mac_Roman") == "macintosh")
        #expect(TextEncodingName.canonical("x-mac-roman") == "macintosh")
    }

    @Test func anExcelForMacCSVIsReadAsMacRoman() throws {
        let (records, facts) = try parseCSV(Self.csv(Self.names, encode: Self.macRoman))
        #expect(records.compactMap(\.fullName) == Self.names)
        #expect(facts[key: "encoding"]?.hasPrefix("macintosh (the input is not valid UTF-8") == true)
    }

    @Test func oneNameWithClassicMacLineEndsIsEnough() throws {
        let (records, facts) = try parseCSV(Self.csv(["José"], encode: Self.macRoman, lineEnd: "\r"))
        #expect(records.first?.fullName == "José")
        #expect(facts[key: "encoding"]?.hasPrefix("macintosh") == true)
    }

    @Test func windows1252StaysWindows1252() throws {
        let (records, facts) = try parseCSV(Self.csv(Self.names, encode: Self.windows1252))
        #expect(records.compactMap(\.fullName) == Self.names)
        #expect(facts[key: "encoding"] == "windows-1252 (the input is not valid UTF-8)")
    }

    /// A name that reads as well in both ("Ítalo": `Í` or `Õ` starting a word) is no reason to
    /// leave Windows-1252.
    @Test func aTieStaysWindows1252() throws {
        for name in ["Ítalo", "Straße"] {
            let (records, facts) = try parseCSV(Self.csv([name], encode: Self.windows1252))
            #expect(records.first?.fullName == name)
            #expect(facts[key: "encoding"]?.hasPrefix("windows-1252") == true, "\(name)")
        }
    }

    /// Punctuation alone (curly quotes, dashes, ellipses, in runs) is no evidence for Mac Roman.
    @Test func windows1252PunctuationIsNotTakenForMacLetters() throws {
        let text = ["O’Brien & Sons™", "“Quoted” – here…", "’’’", "– – –", "Price €5 ‰"]
        let bytes = Self.csv(Array(repeating: text, count: 20).flatMap { $0 }, encode: { s in
            s.unicodeScalars.map { u -> UInt8 in
                switch u.value {
                case 0x2019: 0x92
                case 0x201C: 0x93
                case 0x201D: 0x94
                case 0x2013: 0x96
                case 0x2026: 0x85
                case 0x2122: 0x99
                case 0x20AC: 0x80
                case 0x2030: 0x89
                default: UInt8(u.value)
                }
            }
        })
        let (_, facts) = try parseCSV(bytes)
        #expect(facts[key: "encoding"]?.hasPrefix("windows-1252") == true)
    }

    /// Whatever mix of names a Windows-1252 file holds, it is never read as Mac Roman; the same
    /// names in Mac Roman are, from a handful of rows on.
    @Test func theGuessNeverCostsWindows1252() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...(Self.names.count - 1)).array(of: 1...40)) { picks in
            let chosen = picks.map { Self.names[$0] }
            let windows = Self.csv(chosen, encode: Self.windows1252)
            #expect(windows.withUnsafeBufferPointer { LegacyEncodingGuess.encoding(of: $0) } == "windows-1252", "\(chosen)")
            // A curly apostrophe alone reads as well either way ("D’Angelo"): five names, three
            // of them with accented letters, are evidence enough.
            if chosen.count >= 5, chosen.filter({ $0.unicodeScalars.contains { $0.value >= 0xC0 && $0.value != 0x2019 } }).count >= 3 {
                let mac = Self.csv(chosen, encode: Self.macRoman)
                #expect(mac.withUnsafeBufferPointer { LegacyEncodingGuess.encoding(of: $0) } == "macintosh", "\(chosen)")
            }
        }
    }

    @Test func theEncodingCanBeNamed() throws {
        let (records, facts) = try parseCSV(Array("Email,Name\na@x.com,".utf8) + [0x8E, 0x0A],
                                            settings: parseSettings(["--encoding", "mac-roman"]))
        #expect(records.first?.fullName == "é")
        #expect(facts[key: "encoding"] == "macintosh (--encoding)")
    }
}
