import ListwashCore
import Testing
@testable import ListwashParsers

/// Encodings: declared (ISO-8859-1), UTF-16 by BOM, and forced with `--encoding`; the fact
/// names the encoding read.
@Suite struct XMLEncodingTests {
    static let body = "<contacts><contact><email>jos\u{E9}@example.com</email></contact></contacts>"

    @Test func declaredLatin1() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".utf8) + Self.body.unicodeScalars.map { UInt8($0.value) }
        let read = try readXML(bytes: bytes)
        #expect(read.records.first?.email == "josé@example.com")
        #expect(read.fact("encoding") == "ISO-8859-1")
    }

    @Test(arguments: [true, false])
    func utf16WithBOM(_ littleEndian: Bool) throws {
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in Self.body.utf16 {
            bytes += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)]
        }
        let read = try readXML(bytes: bytes)
        #expect(read.records.first?.email == "josé@example.com")
        #expect(read.fact("encoding")?.uppercased().hasPrefix("UTF-16") == true, "\(read.facts)")
    }

    @Test func forcedWindows1252OverridesTheDeclaration() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8) + Self.body.unicodeScalars.map { UInt8($0.value) }
        var s = ParseSettings()
        s.encoding = "windows-1252"
        let read = try readXML(bytes: bytes, s)
        #expect(read.records.first?.email == "josé@example.com")
        #expect(read.partial.isEmpty)
    }

    /// `--encoding` naming the encoding the file's byte order mark shows (a fix listwash itself
    /// suggests for a file in another encoding than it declares) reads it: libxml2 took the
    /// mark for text before the root element and refused the document as empty.
    @Test(arguments: ["utf-8", "UTF8", "utf-16le", "utf-16be"])
    func aForcedEncodingSkipsItsOwnByteOrderMark(_ name: String) throws {
        let text = "<?xml version=\"1.0\"?>\n" + Self.body
        let bytes: [UInt8] = switch name {
        case "utf-16le": [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case "utf-16be": [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        default: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        }
        var s = ParseSettings()
        s.encoding = name
        let read = try readXML(bytes: bytes, s)
        #expect(read.records.first?.email == "josé@example.com")
        #expect(read.records.first?.source.line == 2)
        #expect(read.partial.isEmpty)
    }

    /// .NET's XmlSerializer writing through a StringWriter declares `encoding="utf-16"` and the
    /// file is then saved as UTF-8: the bytes say 8-bit, the declaration says UTF-16. libxml2
    /// refused the whole file ("Document labelled UTF-16 but has UTF-8 content") with a fix
    /// saying to check that it is XML at all; it is read as UTF-8 now, and the fact says why.
    @Test(arguments: ["utf-16", "UTF-16", "unicode", "utf-16le"], [false, true])
    func aUTF16DeclarationOverEightBitBytesIsReadAsUTF8(_ label: String, _ bom: Bool) throws {
        let text = "<?xml version=\"1.0\" encoding=\"\(label)\"?>\r\n" + Self.body
        let read = try readXML(bytes: (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
        #expect(read.records.first?.email == "josé@example.com")
        #expect(read.partial.isEmpty)
        #expect(read.fact("encoding") == "UTF-8 (declared '\(label)', but the bytes are not UTF-16)")
    }

    @Test func invalidUTF8IsAPartialRead() throws {
        let bytes = Array("<contacts><contact><email>a@example.com</email></contact><contact><email>".utf8) + [0xFF, 0xFE] + Array("</email></contact></contacts>".utf8)
        let read = try readXML(bytes: bytes)
        #expect(read.live.map(\.email) == ["a@example.com"])
        #expect(read.partial.first?.code == "xml_malformed")
    }
}
