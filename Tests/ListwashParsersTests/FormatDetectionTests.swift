import Testing
import ListwashParsers

struct FormatDetectionTests {
    @Test(arguments: [
        ("BEGIN:VCARD\r\nVERSION:3.0", ParseSettings.Format.vcard),
        ("\u{FEFF}<?xml version=\"1.0\"?><contacts/>", .xml),
        ("Email,First Name\n", .csv),
    ])
    func detectsFormatFromContent(_ text: String, _ expected: ParseSettings.Format) {
        #expect(SourceFactory.detectFormat(head: Array(text.utf8)) == expected)
    }

    @Test func detectsUTF16VCardWithoutBOM() {
        let utf16be = "BEGIN:VCARD".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(SourceFactory.detectFormat(head: utf16be) == .vcard)
    }
}
