import ListwashCore
import PropertyBased
import Testing
@testable import ListwashParsers

/// No input crashes or hangs the XML reader: arbitrary bytes and random markup either throw a
/// ``Diagnostic`` or read records with consistent provenance; well-formed generated exports give
/// back exactly the contacts written.
@Suite struct XMLPropertyTests {
    static let tokens = [
        "<contacts>", "</contacts>", "<contact>", "</contact>", "<contact id='1'>", "<email>", "</email>",
        "a@example.com", "<firstName>", "</firstName>", "<![CDATA[x]]>", "<!-- c -->", "&amp;", "&bogus;",
        "&#0;", "&#x1F600;", "<?pi ?>", "<!DOCTYPE contacts>", "<!DOCTYPE c [", "<!ENTITY e 'x'>", "]>",
        "<", ">", "/>", "\"", "'", "=", " ", "\n", "é", "\u{0}", "\u{FFFE}", "xmlns:a='urn:a'", "<a:b>", "</a:b>",
    ]

    static func check(_ bytes: [UInt8]) throws {
        do {
            let read = try readXML(bytes: bytes, inline("/contacts/contact", ["email": "email", "first_name": "firstName"]))
            #expect(read.records.map(\.source.record) == Array(1...max(1, read.records.count)).prefix(read.records.count).map { $0 })
            #expect(read.records.filter(\.isRejected).allSatisfy { $0.reject?.code == .xmlMalformed || $0.reject?.code == .recordEmpty })
            #expect(read.partial.allSatisfy { $0.code == "xml_malformed" })
            #expect(read.records.allSatisfy { $0.source.line >= 1 })
        } catch let d as Diagnostic {
            #expect(["xml_malformed", "xml_entities_refused", "invalid_choice"].contains(d.code), "\(d)")
        }
    }

    @Test func arbitraryBytesNeverCrash() async {
        await propertyCheck(count: 200, input: Gen<UInt8>.uint8().array(of: 0...400)) { bytes in
            try Self.check(bytes)
        }
    }

    @Test func randomMarkupNeverCrashes() async {
        await propertyCheck(count: 300, input: Gen<String?>.element(of: Self.tokens).map { $0 ?? "" }.array(of: 0...40)) { parts in
            try Self.check(Array(parts.joined().utf8))
        }
    }

    @Test func wellFormedExportsGiveBackEveryContact() async {
        let names = Gen.character(in: "a"..."z").string(of: 1...8).array(of: 0...25)
        await propertyCheck(count: 100, input: names) { locals in
            var doc = "<?xml version=\"1.0\"?>\n<contacts>\n"
            for l in locals { doc += "  <contact>\n    <email> \(l)@example.com </email>\n  </contact>\n" }
            doc += "</contacts>\n"
            let read = try readXML(text: doc, inline("/contacts/contact", ["email": "email"]))
            #expect(read.records.map(\.email) == locals.map { "\($0)@example.com" })
            #expect(read.records.map(\.source.line) == locals.indices.map { 3 + 3 * $0 })
            #expect(read.partial.isEmpty)
            #expect(read.fact("records") == String(locals.count))
        }
    }
}
