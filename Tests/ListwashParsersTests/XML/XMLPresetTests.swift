import ListwashCore
import ListwashTestSupport
import Testing
@testable import ListwashParsers

/// Each XML preset in rules/mappings on a small fixture, picked automatically from the root
/// element and namespaces, and the facts saying which and why.
@Suite struct XMLPresetTests {
    @Test func theFiveXMLPresetsLoadAndTheCSVOnesAreSkipped() throws {
        let presets = try XMLMappingPreset.loadAll(directory: PackagePaths.root + "/rules/mappings")
        #expect(presets.map(\.name) == ["exchange-ews", "gdata-contacts", "generic-xml", "wordpress-wxr", "xcard"])
    }

    @Test func gdataContacts() throws {
        let read = try readXML(fixture("gdata.xml"))
        #expect(read.fact("mapping")?.hasPrefix("gdata-contacts (detected: root element 'feed', namespace 'http://schemas.google.com/g/2005'") == true, "\(read.facts)")
        #expect(read.fact("record") == "/atom:feed/atom:entry")
        #expect(read.records.count == 2)
        let liz = read.records[0]
        #expect(liz.email == "liz@example.org", "the primary address wins")
        #expect(liz.firstName == "Elizabeth")
        #expect(liz.lastName == "Bennet")
        #expect(liz.fullName == "Elizabeth Bennet")
        #expect(liz.phone == "(206)555-1213")
        #expect(liz.customerAcctName == "Longbourn & Co")
        #expect(liz.extra[key: "content"] == "Notes")
        #expect(liz.source.line == 8)
        let darcy = read.records[1]
        #expect(darcy.email == "darcy@pemberley.example", "no primary: the first address")
        #expect(darcy.fullName == "Fitzwilliam Darcy", "no gd:name: the entry title")
    }

    @Test func exchangeEWS() throws {
        let read = try readXML(fixture("ews.xml"))
        #expect(read.fact("mapping")?.hasPrefix("exchange-ews (detected: root element 'Envelope'") == true, "\(read.facts)")
        #expect(read.records.count == 2)
        let ada = read.records[0]
        #expect(ada.email == "ada@example.com", "EmailAddress1 first")
        #expect(ada.firstName == "Ada" && ada.lastName == "Lovelace")
        #expect(ada.fullName == "Ada Lovelace")
        #expect(ada.phone == "+44 7700 900123", "the mobile number first")
        #expect(ada.customerAcctName == "Analytical Engines")
        #expect(ada.tags == ["VIP", "Math"])
        #expect(ada.extra[key: "t:JobTitle"] == "Countess")
        #expect(ada.source.line == 11)
        #expect(read.records[1].email == "charles@example.com")
    }

    @Test func wordpressWXR() throws {
        let read = try readXML(fixture("wxr.xml"))
        #expect(read.fact("mapping")?.hasPrefix("wordpress-wxr (detected: root element 'rss', namespace 'http://wordpress.org/export/1.2/'") == true, "\(read.facts)")
        #expect(read.records.count == 1, "the <wp:author> inside <item> is not an author record")
        let g = read.records[0]
        #expect(g.email == "grace@example.com")
        #expect(g.firstName == "Grace" && g.lastName == "Hopper")
        #expect(g.fullName == "Grace Hopper")
        #expect(g.extra == [KeyValue("wp:author_id", "7"), KeyValue("wp:author_login", "grace")])
    }

    @Test func xCard() throws {
        let read = try readXML(fixture("xcard.xml"))
        #expect(read.fact("mapping")?.hasPrefix("xcard (detected: root element 'vcards', namespace 'urn:ietf:params:xml:ns:vcard-4.0'") == true, "\(read.facts)")
        let a = try #require(read.records.first)
        #expect(a.email == "alan@example.org")
        #expect(a.firstName == "Alan" && a.lastName == "Turing")
        #expect(a.fullName == "Alan Turing")
        #expect(a.phone == "tel:+44-20-7946-0001")
        #expect(a.customerAcctName == "Bletchley Park")
        #expect(a.tags == ["codebreakers", "vip"])
    }

    /// RFC 6351 §3.3 groups properties in `<group name="..">` (vCard's `work.EMAIL`): the
    /// grouped email, phone, names and tags are read as the ungrouped ones. The email sat in
    /// `_extra` as 'group/email/text' and the card was rejected as `email_missing`.
    @Test func xCardGroupedProperties() throws {
        let doc = """
        <vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0"><vcard>
          <group name="contact"><fn><text>Simon Perreault</text></fn><n><surname>Perreault</surname><given>Simon</given></n>
            <email><parameters><type><text>work</text></type></parameters><text>simon@viagenie.example</text></email>
            <tel><uri>tel:+1-418-656-9254</uri></tel><org><text>Viagenie</text></org><categories><text>work</text></categories></group>
          <email><text>second@viagenie.example</text></email>
        </vcard></vcards>
        """
        let a = try #require(try readXML(text: doc).records.first)
        #expect(a.email == "second@viagenie.example", "an ungrouped property comes first")
        #expect(a.extra[key: "email (more)"] == "simon@viagenie.example")
        #expect(a.firstName == "Simon" && a.lastName == "Perreault" && a.fullName == "Simon Perreault")
        #expect(a.phone == "tel:+1-418-656-9254")
        #expect(a.customerAcctName == "Viagenie")
        #expect(a.tags == ["work"])
    }

    @Test func genericXML() throws {
        let read = try readXML(fixture("generic.xml"))
        #expect(read.fact("mapping") == "generic-xml (detected: root element 'contacts')")
        #expect(read.records.count == 2)
        let jane = read.records[0]
        #expect(jane.email == "jane@example.com")
        #expect(jane.firstName == "Jane" && jane.lastName == "Doe")
        #expect(jane.phone == "+1 415 555 0100")
        #expect(jane.customerAcctName == "Acme & Co")
        #expect(jane.tags == ["vip", "newsletter"])
        #expect(jane.extra == [KeyValue("@id", "1"), KeyValue("notes", "Met at <conf> & liked it")])
        let john = read.records[1]
        #expect(john.email == "john@example.com")
        #expect(john.fullName == "John   Smith")
        #expect(john.source.line == 12)
    }

    /// A contact written as one element's attributes (`<contact email=".." first_name=".."/>`)
    /// and the capitalized names of .NET and Salesforce exports (`<Email>`, `<FirstName>`) map as
    /// the lower-case child elements do: before, only `@email` was read and the names, phone and
    /// company of such exports reached no contact property.
    @Test func genericXMLReadsAttributesAndCapitalizedNames() throws {
        let doc = """
        <contacts>
          <contact id="1" email="ann@x.io" first_name="Ann" last_name="Lee" phone="+1 212 555 0100" company="Acme"/>
          <contact firstName="Bo" lastName="Ek" emailAddress="bo@x.io" name="Bo Ek"/>
          <contact><Email>cy@x.io</Email><FirstName>Cy</FirstName><LastName>Oh</LastName><Phone>123</Phone><Company>Initech</Company></contact>
        </contacts>
        """
        let read = try readXML(text: doc)
        #expect(read.fact("mapping") == "generic-xml (detected: root element 'contacts')")
        #expect(read.records.map(\.email) == ["ann@x.io", "bo@x.io", "cy@x.io"])
        #expect(read.records.map(\.firstName) == ["Ann", "Bo", "Cy"])
        #expect(read.records.map(\.lastName) == ["Lee", "Ek", "Oh"])
        #expect(read.records.map(\.phone) == ["+1 212 555 0100", nil, "123"])
        #expect(read.records.map(\.customerAcctName) == ["Acme", nil, "Initech"])
        #expect(read.records[1].fullName == "Bo Ek")
        #expect(read.records.map(\.extra) == [[KeyValue("@id", "1")], [], []])
    }

    @Test func aGivenPresetOverridesDetectionAndFlagsOverrideThePreset() throws {
        var s = inline("/contacts/contact", ["email": "firstName"], mapping: "generic-xml")
        s.record = nil
        let read = try readXML(fixture("generic.xml"), s)
        #expect(read.fact("mapping") == "generic-xml (given), columns from --column")
        #expect(read.records[0].email == "Jane")
        #expect(read.records[0].lastName == "Doe", "the preset's other columns stay")
    }

    @Test func columnsAloneUseTheDetectedPresetsRecordPath() throws {
        let read = try readXML(fixture("wxr.xml"), inline(nil, ["email": "wp:author_login"]))
        #expect(read.records.map(\.email) == ["grace"])
        #expect(read.fact("mapping")?.contains("columns from --column") == true)
    }

    @Test func inlineMappingNeedsNoPreset() throws {
        let read = try readXML(fixture("gdata.xml"), inline("/feed/entry", ["email": "gd:email/@address"]))
        #expect(read.fact("mapping") == "inline (--record and --column)")
        #expect(read.records.map(\.email) == ["liz@gmail.example", "darcy@pemberley.example"], "gd bound from the root element")
    }

    @Test func anUnknownRootIsAClearError() throws {
        let d = diagnostic { _ = try readXML(text: "<addressbook><x/></addressbook>") }
        #expect(d?.code == "xml_mapping_unknown")
        #expect(d?.message == "no XML mapping preset matches root element 'addressbook'")
        #expect(d?.fix?.contains("--mapping") == true)
    }

    @Test func anUnknownPresetNameSuggestsTheNearest() throws {
        let d = diagnostic { _ = try readXML(fixture("generic.xml"), inline(nil, [:], mapping: "xcrad")) }
        #expect(d?.code == "xml_mapping_unknown")
        #expect(d?.fix?.hasPrefix("did you mean 'xcard'?") == true)
    }

    @Test func aMappingFileByPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("book.yaml", """
        format: xml
        name: book
        namespaces: {b: "urn:book"}
        record: /b:book/b:person
        columns:
          email: "b:mail[@kind='work']/@address"
        """)
        let doc = try dir.write("d.xml", #"<book xmlns="urn:book"><person><mail kind="work" address="w@example.com"/></person></book>"#)
        let read = try readXML(doc, inline(nil, [:], mapping: file))
        #expect(read.fact("mapping") == "book (given)")
        #expect(read.records.map(\.email) == ["w@example.com"])
    }

    @Test func aBrokenMappingFileNamesTheLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("bad.yaml", "format: xml\nrecord: /a/b\ncolumns:\n  email: \"x[@k='v\"\n")
        let d = diagnostic { _ = try readXML(fixture("generic.xml"), inline(nil, [:], mapping: file)) }
        #expect(d?.code == "xml_mapping_invalid")
        #expect(d?.position?.line == 4)
        #expect(d?.message.contains("unterminated") == true, "\(String(describing: d))")
    }

    @Test func aCSVMappingIsNotAnXMLMapping() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("crm.yaml", "format: csv\ncolumns: {email: E-mail}\n")
        let d = diagnostic { _ = try readXML(fixture("generic.xml"), inline(nil, [:], mapping: file)) }
        #expect(d?.code == "xml_mapping_unknown")
    }
}
