import Foundation
import Testing
import ListwashTestSupport

/// `listwash parse -` chooses the parser by content, as `--format`'s help says ("by extension,
/// then content"): a vCard or XML export piped in was read as a CSV without an email column.
struct StandardInputFormatTests {
    @Test(arguments: [
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@acme.com\r\nEND:VCARD\r\n", "cards: 1"),
        ("<contacts><contact><email>jane@acme.com</email></contact></contacts>\n", "record: /contacts/contact"),
        ("Email,First Name\njane@acme.com,Jane\n", "delimiter: ','"),
    ])
    func standardInputIsReadByItsContent(text: String, fact: String) throws {
        let r = try Listwash.run(["parse", "-"], stdin: Data(text.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""email":"jane@acme.com""#))
        #expect(r.stderr.contains("in 1 = out 1 + rejected 0"))
        #expect(r.stderr.contains(fact))
    }

    /// A vCard saved as `.txt` is a vCard.
    @Test func aTextFileIsReadByItsContent() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("card.txt", "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:jane@acme.com\r\nEND:VCARD\r\n")
        let r = try Listwash.run(["parse", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("cards: 1"))
    }
}
