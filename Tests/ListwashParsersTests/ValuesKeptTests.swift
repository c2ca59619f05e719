import ListwashCore
@testable import ListwashParsers
import Testing

/// Values a parser does not map are kept in `_extra`, never dropped: a second `<email>` in an
/// XML record, a base64-encoded vCard NOTE (text some exporters encode).
struct ValuesKeptTests {
    @Test func aSecondXMLEmailIsKeptInExtra() throws {
        let read = try readXML(text: "<contacts><contact><email>a@x.com</email><email>b@x.com</email><email>c@x.com</email></contact></contacts>")
        let r = try #require(read.records.first)
        #expect(r.email == "a@x.com")
        #expect(r.extra == [KeyValue("email (more)", "b@x.com||c@x.com")])
    }

    /// An element that matches a column's first alternative and its catch-all (EWS's
    /// `EmailAddress1` entry, GData's primary phone) after another element matched the catch-all
    /// is the value, not a second one as well: "(more)" lists only the others.
    @Test func theChosenValueIsNotAlsoKeptAsAnotherOne() throws {
        let ews = """
        <Items xmlns="http://schemas.microsoft.com/exchange/services/2006/types"><Contact><EmailAddresses>
        <Entry Key="EmailAddress2">other@x.com</Entry><Entry Key="EmailAddress1">main@x.com</Entry>
        </EmailAddresses><PhoneNumbers><Entry Key="BusinessPhone">111</Entry><Entry Key="MobilePhone">222</Entry>
        </PhoneNumbers></Contact></Items>
        """
        var settings = ParseSettings()
        settings.mapping = "exchange-ews"
        let read = try readXML(text: ews, settings)
        let r = try #require(read.records.first)
        #expect(r.email == "main@x.com" && r.phone == "222")
        #expect(r.extra.filter { $0.key.hasSuffix("(more)") } == [KeyValue("email (more)", "other@x.com"), KeyValue("phone (more)", "111")])
    }

    @Test func aBase64NoteIsTextAndABinaryOneIsNotedNotFatal() throws {
        let text = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:j@x.com", "NOTE;ENCODING=BASE64:SGVsbG8gV29ybGQ=", "END:VCARD"))
        let r = try #require(text.record)
        #expect(r.extra.first { $0.key == "NOTE" }?.value == "Hello World")
        #expect(r.reject == nil)

        let binary = try VCardTestParsing.parse(VCardTestParsing.crlf(
            "BEGIN:VCARD", "VERSION:2.1", "EMAIL:j@x.com", "NOTE;ENCODING=BASE64:/9j/4AAQSkZJRg==", "N;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Piotr", "END:VCARD"))
        let b = try #require(binary.record)
        #expect(b.reject == nil)
        #expect(b.notes.map(\.code).contains("vcard_value_skipped"))
        // The binary note did not make the file Windows-1252 (the QP name after it decides that).
        #expect(b.lastName == "Iksiñski")
    }
}
