import ListwashCore
import Testing
@testable import ListwashParsers

/// The attack set: entity bombs, external entities (file, network, parameter-entity OOB) and
/// external DTDs are refused with `xml_entities_refused` before any record, by the prolog scan
/// and, where the scan is bypassed, by the SAX-level guard. Nothing is read from disk or network.
@Suite struct XMLSecurityTests {
    static let lol9: String = {
        var s = "<?xml version=\"1.0\"?>\n<!DOCTYPE contacts [\n <!ENTITY lol \"lol\">\n"
        s += " <!ENTITY lol1 \"" + String(repeating: "&lol;", count: 10) + "\">\n"
        for i in 2...9 { s += " <!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n" }
        return s + "]>\n<contacts><contact><email>&lol9;</email></contact></contacts>\n"
    }()

    static let attacks: [(name: String, text: String, line: Int)] = [
        ("billion laughs", lol9, 3),
        ("quadratic blow-up", "<!DOCTYPE c [<!ENTITY a \"" + String(repeating: "B", count: 50_000) + "\">]>\n<contacts><contact><email>" + String(repeating: "&a;", count: 1000) + "</email></contact></contacts>", 1),
        ("file XXE", "<?xml version=\"1.0\"?>\n<!DOCTYPE c [\n<!ENTITY xxe SYSTEM \"file:///etc/hostname\">\n]>\n<contacts><contact><email>&xxe;</email></contact></contacts>", 3),
        ("network XXE", "<!DOCTYPE c [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/x\">]><contacts><contact><email>&xxe;</email></contact></contacts>", 1),
        ("parameter entity OOB", "<!DOCTYPE c [\n  <!ENTITY % dtd SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n  %dtd;\n]>\n<contacts><contact><email>a@b.c</email></contact></contacts>", 2),
        ("external DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE contacts SYSTEM \"http://127.0.0.1:9/contacts.dtd\">\n<contacts><contact><email>a@b.c</email></contact></contacts>", 2),
        ("public DTD", "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><contacts/>", 1),
        ("internal entity", "<!-- a comment first -->\n<!DOCTYPE c [ <!ELEMENT c ANY> <!ATTLIST c a CDATA '>]'> <!ENTITY e \"x\"> ]><contacts><contact><email>&e;</email></contact></contacts>", 2),
    ]

    @Test(arguments: attacks.map(\.name))
    func refusedBeforeAnyRecord(_ name: String) throws {
        let attack = try #require(Self.attacks.first { $0.name == name })
        let d = diagnostic { _ = try readXML(text: attack.text, inline("/contacts/contact", ["email": "email"])) }
        #expect(d?.code == "xml_entities_refused", "\(String(describing: d))")
        #expect(d?.position?.line == attack.line)
        #expect(d?.fix?.contains("DOCTYPE") == true)
    }

    /// With the prolog scan switched off, libxml2's SAX callbacks still refuse (the second line).
    @Test(arguments: attacks.map(\.name))
    func refusedBySAXGuardAlone(_ name: String) throws {
        let attack = try #require(Self.attacks.first { $0.name == name })
        let d = diagnostic { _ = try readXML(text: attack.text, inline("/contacts/contact", ["email": "email"]), guardProlog: false) }
        #expect(d?.code == "xml_entities_refused", "\(String(describing: d))")
    }

    @Test func utf16DocumentsAreScannedToo() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in Self.lol9.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let d = diagnostic { _ = try readXML(bytes: bytes, inline("/contacts/contact", ["email": "email"])) }
        #expect(d?.code == "xml_entities_refused")
    }

    @Test func aDoctypeWithoutEntitiesIsRead() throws {
        let doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE contacts [ <!ELEMENT contacts ANY> <!-- <!ENTITY no \"x\"> --> ]>\n<contacts><contact><email>a@example.com &amp; &#65;</email></contact></contacts>"
        let read = try readXML(text: doc)
        #expect(read.records.map(\.email) == ["a@example.com & A"])
    }

    @Test func anUndeclaredEntityIsMalformedNotFetched() throws {
        let doc = "<contacts><contact><email>a@example.com</email></contact><contact><email>&xxe;</email></contact></contacts>"
        let read = try readXML(text: doc)
        #expect(read.live.map(\.email) == ["a@example.com"])
        #expect(read.partial.first?.code == "xml_malformed")
        #expect(read.records.last?.reject?.code == .xmlMalformed)
    }

    @Test(arguments: [
        ("<?xml version='1.0'?><!-- c --><?pi x?><r/>", XMLPrologGuard.Verdict.safe),
        ("<!DOCTYPE r><r/>", .safe),
        ("<!DOCTYPE r [ <!ATTLIST r a CDATA 'x'> ]><r/>", .safe),
        ("<!DOCTYPE r [ <!ATTLIST r a CDATA '<!ENTITY'> ]><r/>", .safe),
        ("<!DOCTYPE r [ <!ENT", .needMore),
        ("<!DOC", .needMore),
        ("<!-- long", .needMore),
        ("<?xml version='1.0'?>\n<!DOCTYPE r SYS", .needMore),
        ("<!DOCTYPE r SYSTEM 'x'>", .refused(message: "the DOCTYPE references an external DTD (SYSTEM); external DTDs are never loaded", line: 1, column: 13)),
        ("\n\n  <!DOCTYPE r [\n<!ENTITY % p 'x'>]>", .refused(message: "the DOCTYPE declares entity 'p'; entity declarations are refused", line: 4, column: 1)),
    ])
    func prologVerdicts(_ text: String, _ verdict: XMLPrologGuard.Verdict) {
        #expect(XMLPrologGuard.check(Array(text.utf8), atEnd: false) == verdict)
    }

    /// Attribute defaults past ``XMLPrologGuard/maxAttributeDefaults`` are refused (libxml2
    /// checks each on every element: 4,000 took 6 s on 1,000 contacts); attributes without a
    /// default, and quotes outside `<!ATTLIST`, do not count.
    @Test func manyAttributeDefaultsAreRefused() {
        func subset(_ defaults: Int, implied: Int = 0) -> [UInt8] {
            let lists = (0..<defaults).map { "<!ATTLIST contact a\($0) CDATA 'x>'>" }.joined()
                + (0..<implied).map { "<!ATTLIST contact i\($0) CDATA #IMPLIED>" }.joined()
            return Array("<!DOCTYPE contacts [<!-- 'a' \"b\" -->\(lists)]><contacts/>".utf8)
        }
        #expect(XMLPrologGuard.check(subset(256, implied: 5_000), atEnd: false) == .safe)
        guard case .refused(let message, _, _) = XMLPrologGuard.check(subset(257), atEnd: false) else {
            Issue.record("257 defaults were accepted")
            return
        }
        #expect(message.hasPrefix("the DOCTYPE declares more than 256 attribute defaults"))
    }

    @Test func atTheEndOfInputAnUnfinishedPrologIsLeftToLibxml2() {
        #expect(XMLPrologGuard.check(Array("<!DOCTYPE r [ <!ENT".utf8), atEnd: true) == .safe)
    }

    /// An internal DTD's ATTLIST defaults are not in the file: they neither invent values nor
    /// let a small document write a large output.
    @Test func attributeDefaultsOfAnInternalDTDAreNotRead() throws {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE contacts [<!ATTLIST contact email CDATA \"injected@attacker.example\">]>\n"
            + "<contacts><contact><first>A</first></contact><contact email=\"b@x.com\"><first>B</first></contact></contacts>\n"
        let read = try readXML(text: text, inline("/contacts/contact", ["email": "@email", "first_name": "first"]))
        #expect(read.records.count == 2)
        #expect(read.records[0].email == nil)
        #expect(read.records[1].email == "b@x.com")
        #expect(!read.records.contains { $0.email == "injected@attacker.example" })
    }
}
