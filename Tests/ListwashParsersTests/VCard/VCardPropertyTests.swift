import Foundation
import Testing
import PropertyBased
import ListwashCore
import ListwashParsers

/// Random cards written in each version read back to the same fields; random bytes never crash
/// the reader, and every record it gives has provenance.
struct VCardPropertyTests {
    /// A contact as written into a card.
    struct Contact: Sendable, CustomStringConvertible {
        var first: String
        var last: String
        var email: String
        var phone: String
        var org: String
        var note: String
        var description: String { "\(first)|\(last)|\(email)|\(phone)|\(org)|\(note.debugDescription)" }
    }

    static let textCharacters = Array("abcxyzABC éñÜßΩ,;:\\.-'\"=😀")
    static let wordCharacters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let text = Gen.int(in: 0...(textCharacters.count - 1)).map { textCharacters[$0] }.string(of: 0...24)
    static let word = Gen.int(in: 0...(wordCharacters.count - 1)).map { wordCharacters[$0] }.string(of: 1...12)

    static func makeContact(_ names: (String, String, String, String), _ more: (String, String)) -> Contact {
        Contact(first: "F" + names.0, last: "L" + names.1, email: "\(names.2).x@\(names.3).example",
                phone: "+1 555 \(names.2.count)00 \(names.3.count)", org: "O" + more.0, note: "N" + more.1 + "\nend")
    }

    static let contact = zip(zip(text, text, word, word), zip(text, text)).map { makeContact($0, $1) }

    /// 3.0 and 4.0 text escaping.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Quoted-printable of the UTF-8 bytes, with `=` soft breaks every 20 characters.
    static func quotedPrintable(_ s: String) -> String {
        var out = "", width = 0
        for b in s.utf8 {
            let piece = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                ? String(UnicodeScalar(b)) : String(format: "=%02X", b)
            if width + piece.count > 20 { out += "=\r\n"; width = 0 }
            out += piece
            width += piece.count
        }
        return out
    }

    /// Folds at 30 bytes (possibly inside a UTF-8 sequence, which unfolding must rejoin).
    static func fold(_ line: String, ending: String) -> [UInt8] {
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        for (i, b) in bytes.enumerated() {
            if i > 0 && i % 30 == 0 { out += Array(ending.utf8) + [0x20] }
            out.append(b)
        }
        return out
    }

    /// The bytes of one card (bytes, not a String: folding may split a UTF-8 sequence).
    static func write(_ c: Contact, version: Int, ending: String) -> [UInt8] {
        var lines: [[UInt8]] = []
        func add(_ s: String) { lines.append(Array(s.utf8)) }
        add("BEGIN:VCARD")
        switch version {
        case 0:
            add("VERSION:2.1")
            // 2.1 structured values escape ';' only; QP carries every other byte.
            let n = [c.last, c.first].map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;") }
            add("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + quotedPrintable(n.joined(separator: ";")) + ";;;")
            add("EMAIL;INTERNET:other.\(c.email)")
            add("EMAIL;PREF;INTERNET:\(c.email)")
            add("TEL;HOME:000")
            add("TEL;CELL:\(c.phone)")
            add("ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + quotedPrintable(c.org.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")))
            add("NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + quotedPrintable(escape(c.note)))
        case 1:
            add("VERSION:3.0")
            lines.append(fold("N:\(escape(c.last));\(escape(c.first));;;", ending: ending))
            add("item1.EMAIL;type=INTERNET:other.\(c.email)")
            add("item1.X-ABLabel:_$!<Other>!$_")
            add("EMAIL;type=INTERNET;type=WORK,pref:\(c.email)")
            add("TEL;type=CELL;type=pref:\(c.phone)")
            lines.append(fold("ORG:\(escape(c.org))", ending: ending))
            lines.append(fold("NOTE:\(escape(c.note))", ending: ending))
        default:
            add("VERSION:4.0")
            lines.append(fold("N:\(escape(c.last));\(escape(c.first));;;", ending: ending))
            add("EMAIL;PREF=2:other.\(c.email)")
            add("EMAIL;TYPE=\"work,home\";PREF=1:\(c.email)")
            add("TEL;VALUE=uri;PREF=1:tel:\(c.phone.replacingOccurrences(of: " ", with: "-"))")
            lines.append(fold("ORG:\(escape(c.org))", ending: ending))
            lines.append(fold("NOTE:\(escape(c.note))", ending: ending))
        }
        add("END:VCARD")
        return lines.flatMap { $0 + Array(ending.utf8) }
    }

    @Test func randomCardsInEveryVersionReadBack() async throws {
        await propertyCheck(count: 100, input: Self.contact.array(of: 1...6), Gen.int(in: 0...2), Gen.int(in: 0...1).map { $0 == 0 ? "\r\n" : "\n" }) { contacts, firstVersion, ending in
            let bytes = contacts.enumerated().flatMap { Self.write($1, version: ($0 + firstVersion) % 3, ending: ending) }
            let parsed = try VCardTestParsing.parse(bytes: bytes)
            #expect(parsed.records.count == contacts.count)
            for (i, (c, r)) in zip(contacts, parsed.records).enumerated() {
                let version = (i + firstVersion) % 3
                #expect(r.reject == nil, "\(r.reject?.reason ?? "")")
                #expect(r.firstName == c.first)
                #expect(r.lastName == c.last)
                #expect(r.email == c.email)
                #expect(r.phone == (version == 2 ? c.phone.replacingOccurrences(of: " ", with: "-") : c.phone))
                #expect(r.customerAcctName == c.org)
                #expect(r.extra[key: "NOTE"] == c.note)
                #expect(r.source.record == i + 1)
            }
        }
    }

    static let fragments: [[UInt8]] = [
        "BEGIN:VCARD\r\n", "END:VCARD\r\n", "VERSION:2.1\n", "EMAIL;PREF:a@b.c\r\n", "N;ENCODING=QUOTED-PRINTABLE:=C3=", "=\r\n",
        "\r", "\n", " ", ";", ":", "=", "\"", "\\", ",", "item1.", "X-ABLabel:x\n", "CHARSET=windows-1252:", "ENCODING=b:",
        "PHOTO;ENCODING=BASE64:", "TEL;VALUE=uri:tel:+1;ext=", "\u{FEFF}", "é",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xFE], [0xC3], [0x80], [0xD8, 0x00]]

    @Test func randomBytesNeverCrashTheReader() async throws {
        let noise = Gen.uint8(in: 0...255).array(of: 0...300)
        let fragments = Self.fragments
        let structured = Gen.int(in: 0...(fragments.count - 1)).map { fragments[$0] }.array(of: 0...60).map { $0.flatMap { $0 } }
        await propertyCheck(count: 300, input: noise, structured) { noise, structured in
            for bytes in [noise, structured, structured + noise, Array(structured.reversed())] {
                let start = ContinuousClock.now
                let parsed = try VCardTestParsing.parse(bytes: bytes)
                #expect(ContinuousClock.now - start < .seconds(5))
                for (i, r) in parsed.records.enumerated() {
                    #expect(r.source.record >= 1 && r.source.record <= i + 1)
                    #expect(r.source.line >= 1)
                    if let reject = r.reject { #expect(reject.code.isKnown) }
                }
            }
        }
    }

    @Test func randomBytesAsUTF16NeverCrashTheReader() async throws {
        await propertyCheck(count: 100, input: Gen.uint8(in: 0...255).array(of: 0...200)) { noise in
            let parsed = try VCardTestParsing.parse(bytes: [0xFE, 0xFF] + noise)
            #expect(parsed.fact("encoding") == "utf-16be (BOM)")
            for r in parsed.records { #expect(r.source.line >= 1) }
        }
    }
}
