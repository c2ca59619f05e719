import Foundation
import ListwashCore
import ListwashTestSupport
import Testing
@testable import ListwashParsers

/// Broken documents: the records before the break are kept, a record open at the break is an
/// `xml_malformed` reject, the partial-read diagnostic names line and column, and the parse
/// command exits 1 with the ledger saying the file was read in part.
@Suite struct XMLMalformedTests {
    static let three = """
    <contacts>
      <contact><email>a@example.com</email></contact>
      <contact><email>b@example.com</email></contact>
      <contact><email>c@example.com</email><firstName>Cy</firstName></contact>
    </contacts>

    """

    @Test(arguments: Array(stride(from: 40, to: three.utf8.count - 1, by: 7)))
    func truncatedAnywhereKeepsWhatCameBefore(_ cut: Int) throws {
        let bytes = Array(Self.three.utf8.prefix(cut))
        let read = try readXML(bytes: bytes, inline("/contacts/contact", ["email": "email", "first_name": "firstName"]))
        let complete = Self.three.utf8.prefix(cut).split(separator: UInt8(ascii: "\n")).count { line in
            String(decoding: line, as: UTF8.self).hasSuffix("</contact>")
        }
        #expect(read.live.count == complete)
        #expect(read.live.map(\.email) == Array(["a@example.com", "b@example.com", "c@example.com"].prefix(complete)))
        let d = try #require(read.partial.first)
        #expect(d.code == "xml_malformed")
        #expect(d.position?.line ?? 0 >= 1)
        #expect(read.records.filter(\.isRejected).allSatisfy { $0.reject?.code == .xmlMalformed })
        #expect(read.records.filter(\.isRejected).count <= 1)
    }

    @Test func aBrokenRecordIsARejectWithWhatWasRead() throws {
        let doc = "<contacts>\n<contact><email>a@example.com</email></contact>\n<contact><email>b@example.com</email><firstName>B</lastName>\n</contact></contacts>"
        let read = try readXML(text: doc, inline("/contacts/contact", ["email": "email"]))
        #expect(read.records.count == 2)
        #expect(read.records[0].reject == nil)
        let broken = read.records[1]
        #expect(broken.reject?.code == .xmlMalformed)
        #expect(broken.email == "b@example.com")
        #expect(broken.source == Provenance(file: broken.source.file, record: 2, line: 3))
        #expect(broken.reject?.reason.contains("line 3, column") == true, "\(broken.reject?.reason ?? "")")
        let d = try #require(read.partial.first)
        #expect(d.position?.line == 3)
        #expect(d.position?.column ?? 0 > 1)
        #expect(d.message.hasSuffix("(1 complete record read before it)"), "\(d.message)")
    }

    /// An HTML entity (`&nbsp;`, from an HTML export or text pasted from a web page) stops the
    /// document as XML must; the fix says what it is and what to write instead. It said only
    /// "repair or re-export the file".
    @Test(arguments: [("nbsp", "'&#160;'"), ("eacute", "'&#233;'"), ("foo", "a character reference ('&#160;' for '&nbsp;')")])
    func anHTMLEntitySaysHowToWriteIt(_ name: String, _ reference: String) throws {
        let doc = "<contacts>\n<contact><email>a@x.io</email></contact>\n<contact><email>b@x.io</email><name>A&\(name);B</name></contact>\n</contacts>"
        let read = try readXML(text: doc, inline("/contacts/contact", ["email": "email", "full_name": "name"]))
        #expect(read.live.map(\.email) == ["a@x.io"])
        let d = try #require(read.partial.first)
        #expect(d.position?.line == 3)
        #expect(d.fix == "'&\(name);' is not one of XML's five entities (an HTML export, or text pasted from a web page): write it as \(reference) or as the character itself, or re-export the file")
        #expect(read.records[1].reject?.fix?.hasPrefix("'&\(name);' is not one of XML's five entities") == true)
    }

    /// A value over libxml2's 10 MB limit is named as such, with a fix, and the file is not
    /// also said to have no records at its record path. (An attribute value that long stops
    /// earlier, at the 1 MiB start-tag bound: `XMLMarkupGuardTests`.)
    @Test func aValueOverTenMegabytesIsNamed() throws {
        let text = "<contacts>\n<contact><email>a@x.com</email></contact>\n<contact><note><![CDATA[" + String(repeating: "x", count: 11_000_000)
            + "]]></note><email>b@x.com</email></contact>\n</contacts>\n"
        let read = try readXML(text: text, inline("/contacts/contact", ["email": "email"]))
        #expect(read.live.map(\.email) == ["a@x.com"])
        let d = try #require(read.partial.first)
        #expect(d.message.contains("longer than 10 MB"), "\(d.message)")
        #expect(d.fix?.contains("shorten") == true)
        #expect(read.fact("no_records") == nil)
    }

    /// A record path that matches none of the repeated elements is an error naming them; an
    /// export with no contacts at all is 0 records with the `no_records` fact.
    @Test func aRecordPathMatchingNoneOfTheRepeatedElementsIsAnError() throws {
        let text = "<?xml version=\"1.0\"?>\n<contacts><contact><email>a@x.com</email></contact><contact><email>b@x.com</email></contact></contacts>\n"
        let d = diagnostic { _ = try readXML(text: text, inline("/contacts/contacts", ["email": "email"])) }
        #expect(d?.code == "xml_no_records")
        #expect(d?.message.contains("'/contacts/contact' occurs 2 times") == true, "\(String(describing: d))")
        #expect(d?.fix?.contains("--record /contacts/contact") == true)
        let empty = try readXML(text: "<contacts></contacts>\n", inline("/contacts/contact", ["email": "email"]))
        #expect(empty.records.isEmpty)
        #expect(empty.fact("no_records") != nil)
        let one = try readXML(text: "<export><meta><made>today</made></meta></export>\n", inline("/export/contact", ["email": "email"]))
        #expect(one.records.isEmpty)
    }

    /// Unmapped values are all kept up to 1,000 per record; past that the record says how
    /// many were not kept (before, 100 were kept and the rest vanished unsaid).
    @Test func unmappedValuesAreKeptOrCounted() throws {
        func contact(_ n: Int) -> String {
            "<contacts><contact><email>a@x.com</email>" + (0..<n).map { "<custom_\($0)>v\($0)</custom_\($0)>" }.joined() + "</contact></contacts>\n"
        }
        let kept = try readXML(text: contact(150), inline("/contacts/contact", ["email": "email"]))
        #expect(kept.records[0].extra.count == 150)
        #expect(kept.records[0].notes.isEmpty)
        let over = try readXML(text: contact(1005), inline("/contacts/contact", ["email": "email"]))
        #expect(over.records[0].extra.count == 1000)
        #expect(over.records[0].notes.first?.code == "xml_extra_dropped")
        #expect(over.records[0].notes.first?.message.hasPrefix("5 more unmapped values were not kept") == true)
    }

    @Test func garbageBeforeTheRootIsAnError() throws {
        for text in ["", "hello", "   ", "<", "\u{FEFF}"] {
            let d = diagnostic { _ = try readXML(text: text, inline("/contacts/contact", ["email": "email"])) }
            #expect(d?.code == "xml_malformed", "'\(text)': \(String(describing: d))")
        }
    }

    @Test func wordpressMalformedSimpleFromTheCorpusShape() throws {
        let doc = "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<wp:author><wp:author_email>a@example.com</wp:author_email></wp:author>\n<item>\n<title>Broken</title>\n"
        let read = try readXML(text: doc)
        #expect(read.live.map(\.email) == ["a@example.com"])
        #expect(read.partial.count == 1)
        #expect(read.partial.first?.message.contains("the document ends before element 'item' (opened on line 5) is closed (truncated file?)") == true,
                "\(read.partial)")
    }

    @Test func theParseCommandExitsOneAndTheLedgerSaysPartial() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("broken.xml", "<contacts>\n<contact><email>a@example.com</email></contact>\n<contact><email>b@")
        let r = try Listwash.run(["parse", path, "--stats", dir.path + "/stats.json"])
        #expect(r.status == 1)
        // The record, the record the document breaks in, and the reject standing for the rest.
        #expect(r.stdout.split(separator: "\n").count == 3)
        #expect(r.stdout.contains("\"email\":\"a@example.com\""))
        #expect(r.stdout.contains("\"code\":\"xml_malformed\""))
        #expect(r.stdout.contains("\"code\":\"input_partial\""))
        #expect(r.stderr.contains("broken.xml:3:"), "\(r.stderr)")
        #expect(r.stderr.contains("[xml_malformed]"))
        #expect(r.stderr.contains("parse: in 3 = out 1 + rejected 2 (input_partial 1, xml_malformed 1)"), "\(r.stderr)")
        #expect(r.stderr.contains("PARTIAL"))
        #expect(r.stderr.contains("mapping generic-xml (detected: root element 'contacts')"), "\(r.stderr)")
    }

    @Test func theParseCommandRefusesEntitiesWithExitOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("bomb.xml", XMLSecurityTests.lol9)
        let r = try Listwash.run(["parse", path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("bomb.xml:3:2: error: the DOCTYPE declares entity 'lol'; entity declarations are refused [xml_entities_refused]"), "\(r.stderr)")
    }

    @Test func theParseCommandReadsInlineFlagsAndStdin() throws {
        let doc = "<feed xmlns:g=\"urn:g\"><e><g:mail primary=\"true\" address=\"x@example.com\"/></e></feed>"
        let r = try Listwash.run(["parse", "-", "--format", "xml", "--record", "/feed/e", "--column", "email=g:mail[@primary='true']/@address",
                                  "--namespace", "g=urn:g"], stdin: Data(doc.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"email\":\"x@example.com\",\"_src\":{\"file\":\"-\",\"record\":1,\"line\":1}}\n")
    }
}
