import ListwashCore
import Testing
@testable import ListwashParsers

/// What the path subset selects in a document: child steps, attributes, predicates,
/// namespaces, alternatives, whitespace, multi-valued paths, `_extra` and provenance.
@Suite struct XMLPathSemanticsTests {
    @Test func childStepsAttributesAndPredicates() throws {
        let doc = """
        <book>
          <person id="p1">
            <mail kind="home" address="home@example.com"/>
            <mail kind="work" address="work@example.com"/>
            <name><given>Ann</given><family>Lee</family></name>
          </person>
        </book>
        """
        let read = try readXML(text: doc, inline("/book/person", [
            "email": "mail[@kind='work']/@address",
            "phone": "mail/@address",
            "first_name": "name/given",
            "last_name": "name/family",
            "person_id": "@id",
        ]))
        let r = try #require(read.records.first)
        #expect(read.records.count == 1)
        #expect(r.email == "work@example.com")
        #expect(r.phone == "home@example.com", "several matches: the first in document order")
        #expect(r.firstName == "Ann")
        #expect(r.lastName == "Lee")
        #expect(r.extra == [KeyValue("person_id", "p1"), KeyValue("phone (more)", "work@example.com")],
                "a column with another name goes to _extra, and so does a match a single-valued column did not keep")
    }

    /// Elements named like the records but outside the record path are not read, and `parse`
    /// says how many and where the first is; they went unmentioned. A namesake inside a record
    /// does not count.
    @Test func recordNamesakesOutsideThePathAreReported() throws {
        let doc = """
        <contacts>
          <contact><email>a@example.com</email><contact>nested</contact></contact>
          <group>
            <contact><email>b@example.com</email></contact>
            <contact><email>c@example.com</email></contact>
          </group>
        </contacts>
        """
        let read = try readXML(text: doc, inline("/contacts/contact", ["email": "email"]))
        #expect(read.records.map(\.email) == ["a@example.com"])
        #expect(read.fact("not_read")?.hasPrefix("2 elements named like the records lie outside the record path '/contacts/contact' (the first at line 4)") == true,
                "\(read.facts)")
        let all = try readXML(text: doc, inline("//contact", ["email": "email"]))
        #expect(all.records.map(\.email) == ["a@example.com", "b@example.com", "c@example.com"])
        #expect(all.fact("not_read") == nil)
    }

    @Test func predicateExistenceAndNoMatch() throws {
        let doc = #"<l><c><e primary="" address="a@x.io"/><e address="b@x.io"/></c><c><e address="c@x.io"/></c></l>"#
        let read = try readXML(text: doc, inline("/l/c", ["email": "e[@primary]/@address", "phone": "e[@address='zzz']/@address"]))
        #expect(read.records.map(\.email) == ["a@x.io", nil])
        // No path matched: the unmatched element's attribute is kept in `_extra` (it was lost,
        // and the record called empty); normalize rejects the record for its missing email.
        #expect(read.records[1].reject == nil)
        #expect(read.records[1].extra == [KeyValue("e/@address", "c@x.io")])
        #expect(read.records.allSatisfy { $0.phone == nil })
    }

    @Test func alternativesAreTriedInTheOrderWritten() throws {
        let doc = "<l><c><b>second</b><a>first</a></c><c><b>only b</b></c><c><a>  </a><b>blank a</b></c></l>"
        let read = try readXML(text: doc, inline("/l/c", ["email": "a | b"]))
        #expect(read.records.map(\.email) == ["first", "only b", "blank a"])
    }

    @Test func prefixesBindToTheMappingNamespacesNotToTheDocumentPrefixes() throws {
        let doc = """
        <x:list xmlns:x="urn:one" xmlns:y="urn:two">
          <x:item><y:email>right@example.com</y:email><x:email>wrong@example.com</x:email></x:item>
          <other:item xmlns:other="urn:one"><other2:email xmlns:other2="urn:two">also@example.com</other2:email></other:item>
        </x:list>
        """
        let read = try readXML(text: doc, inline("/a:list/a:item", ["email": "b:email"], namespaces: ["a": "urn:one", "b": "urn:two"]))
        #expect(read.records.map(\.email) == ["right@example.com", "also@example.com"])
    }

    @Test func unprefixedNamesMatchAnyNamespaceAndUndeclaredPrefixesComeFromTheRoot() throws {
        let doc = #"<list xmlns="urn:default" xmlns:g="urn:g"><item><email>a@example.com</email><g:tel>123</g:tel></item></list>"#
        let read = try readXML(text: doc, inline("/list/item", ["email": "email", "phone": "g:tel"]))
        #expect(read.records.first?.email == "a@example.com")
        #expect(read.records.first?.phone == "123")
    }

    @Test func anUndeclaredPrefixIsAClearError() throws {
        let d = diagnostic { _ = try readXML(text: "<l><c><e>x</e></c></l>", inline("/l/c", ["email": "q:e"])) }
        #expect(d?.code == "xml_path_invalid")
        #expect(d?.message.contains("'q'") == true)
        #expect(d?.fix?.contains("--namespace q=URI") == true)
    }

    @Test func valuesAreTrimmedStringValuesWithCDATAAndEntities() throws {
        let doc = """
        <l><c>
          <email>
            a@example.com
          </email>
          <name>  Ann <b>M.</b>
           Lee  </name>
          <company><![CDATA[ R&D <Labs> ]]> &amp; Sons &#233;</company>
          <tag a="x &amp; y &lt; z &#38; w"/>
        </c></l>
        """
        let read = try readXML(text: doc, inline("/l/c", ["email": "email", "full_name": "name", "customer_acct_name": "company", "attr": "tag/@a"]))
        let r = try #require(read.records.first)
        #expect(r.email == "a@example.com")
        #expect(r.fullName == "Ann M.\n   Lee", "inner whitespace and newlines are kept")
        #expect(r.customerAcctName == "R&D <Labs>  & Sons é")
        #expect(r.extra[key: "attr"] == "x & y < z & w")
    }

    @Test func tagsKeepEveryMatchAndFieldsGoByID() throws {
        let doc = "<l><c><t>a</t><g><t>b</t></g><t> c </t><f>gold</f></c></l>"
        let read = try readXML(text: doc, inline("/l/c", ["tags": "t | g/t", "fields.12": "f"]))
        #expect(read.records.first?.tags == ["a", "b", "c"], "every match, in document order")
        #expect(read.records.first?.fields == [KeyValue("12", "gold")])
    }

    @Test func unmappedSimpleChildrenGoToExtra() throws {
        let doc = """
        <l><c x="1">
          <email>a@example.com</email>
          <wp:login xmlns:wp="urn:wp">ann</wp:login>
          <note>one</note><note>two</note>
          <address><street>Main St</street></address>
          <empty/>
        </c></l>
        """
        let read = try readXML(text: doc, inline("/l/c", ["email": "email"]))
        // A nested element's text is kept under its path (it was lost), the record's own
        // attributes under '@name'.
        #expect(read.records.first?.extra == [KeyValue("@x", "1"), KeyValue("wp:login", "ann"), KeyValue("note", "one||two"), KeyValue("address/street", "Main St")])
    }

    /// The record element's own attributes that no column reads are kept as `@name` (SQL
    /// Server's FOR XML RAW and many tools write a whole contact as one element's attributes):
    /// they were dropped without a word.
    @Test func theRecordsOwnUnmappedAttributesGoToExtra() throws {
        let doc = #"<rows><row id="7" Email="a@x.io" FirstName="Ann" note="" xml:lang="en"/><row Email="b@x.io"/></rows>"#
        let read = try readXML(text: doc, inline("/rows/row", ["email": "@Email"]))
        #expect(read.records.map(\.email) == ["a@x.io", "b@x.io"])
        #expect(read.records[0].extra == [KeyValue("@id", "7"), KeyValue("@FirstName", "Ann"), KeyValue("@xml:lang", "en")])
        #expect(read.records[1].extra.isEmpty)
    }

    /// An unmapped child with text of its own around its children (mixed content, e.g.
    /// `<notes>Likes <b>tea</b> a lot</notes>`) keeps its whole text: only the inner element's
    /// text was kept, the rest lost.
    @Test func mixedContentOfAnUnmappedChildKeepsItsText() throws {
        let doc = "<l><c><email>a@x.io</email><notes>Likes <b>tea</b> a lot</notes><adr>\n  <city>Oslo</city>\n</adr></c></l>"
        let read = try readXML(text: doc, inline("/l/c", ["email": "email"]))
        #expect(read.records.first?.extra == [KeyValue("notes/b", "tea"), KeyValue("notes", "Likes tea a lot"), KeyValue("adr/city", "Oslo")])
    }

    /// xCard and GData write every property nested, values in child elements and attributes:
    /// those are kept under their paths; deeper than six levels they are counted, not kept.
    @Test func nestedValuesAndAttributesOfUnmappedElementsAreKept() throws {
        let doc = """
        <vcards><vcard><email><text>s@x.io</text></email>
          <bday><date>19700203</date></bday><note><text>likes tea</text></note>
          <birthday when="1970-02-03"/><adr><street>1 Main</street><locality>Montreal</locality></adr>
          <a><b><c><d><e><f><g>too deep</g></f></e></d></c></b></a>
        </vcard></vcards>
        """
        let read = try readXML(text: doc, inline("/vcards/vcard", ["email": "email/text"]))
        let r = try #require(read.records.first)
        #expect(r.email == "s@x.io")
        #expect(r.extra == [KeyValue("bday/date", "19700203"), KeyValue("note/text", "likes tea"), KeyValue("birthday/@when", "1970-02-03"),
                            KeyValue("adr/street", "1 Main"), KeyValue("adr/locality", "Montreal")])
        #expect(r.notes.map(\.code) == ["xml_extra_dropped"])
    }

    @Test func extrasAreBounded() throws {
        let children = (1...(XMLRecordBuilder.maxExtras + 50)).map { "<f\($0)>v</f\($0)>" }.joined()
        let read = try readXML(text: "<l><c><email>a@x.io</email>\(children)</c></l>", inline("/l/c", ["email": "email"]))
        #expect(read.records.first?.extra.count == XMLRecordBuilder.maxExtras)
        #expect(read.records.first?.notes.map(\.code) == ["xml_extra_dropped"])
    }

    @Test func longValuesAreCutWithANote() throws {
        let long = String(repeating: "x", count: XMLRecordBuilder.maxValueBytes + 10)
        let read = try readXML(text: "<l><c><email>a@x.io</email><name>\(long)</name></c></l>", inline("/l/c", ["email": "email", "full_name": "name"]))
        let r = try #require(read.records.first)
        #expect(r.fullName?.utf8.count == XMLRecordBuilder.maxValueBytes)
        #expect(r.notes.map(\.code) == ["xml_value_truncated"])
    }

    @Test func provenanceIsRecordNumberAndStartLine() throws {
        let doc = "<l>\n<c><e>1</e></c>\n\n<c\n  id='2'\n  k='v'><e>2</e></c><c><e>3</e>\n</c>\n<skip><c><e>no</e></c></skip>\n</l>\n"
        let read = try readXML(text: doc, inline("/l/c", ["email": "e"]))
        #expect(read.records.map(\.email) == ["1", "2", "3"])
        #expect(read.records.map(\.source.record) == [1, 2, 3])
        #expect(read.records.map(\.source.line) == [2, 4, 6])
        #expect(read.fact("records") == "3")
    }

    @Test func descendantRecordPathsDoNotNest() throws {
        let doc = "<r><a><c><e>1</e><c><e>inner</e></c></c></a><c><e>2</e></c></r>"
        let read = try readXML(text: doc, inline("//c", ["email": "e"]))
        #expect(read.records.map(\.email) == ["1", "2"], "a record inside a record is part of it, not a new one")
    }

    @Test func recordPathPredicatesFilterRecords() throws {
        let doc = #"<l><c kind="person"><e>1</e></c><c kind="group"><e>2</e></c><c kind="person"><e>3</e></c></l>"#
        let read = try readXML(text: doc, inline("/l/c[@kind='person']", ["email": "e"]))
        #expect(read.records.map(\.email) == ["1", "3"])
        #expect(read.records.map(\.source.record) == [1, 2])
    }

    @Test func recordsAtTheWrongDepthAreNotRecords() throws {
        let doc = "<l><c><e>1</e></c><g><c><e>2</e></c></g></l>"
        let read = try readXML(text: doc, inline("/l/c", ["email": "e"]))
        #expect(read.records.map(\.email) == ["1"])
    }
}
