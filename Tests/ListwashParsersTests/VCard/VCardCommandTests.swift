import Foundation
import Testing
import ListwashCore
import ListwashTestSupport

/// `listwash parse` on vCard files, through the real binary.
struct VCardCommandTests {
    @Test func parseDetectsVCardByExtensionAndBalancesTheLedger() throws {
        let fixture = PackagePaths.fixture("ListwashParsersTests", "vcard/broken.vcf")
        let result = try Listwash.run(["parse", fixture])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 7)
        #expect(result.stderr.contains("in 7 = out 2 + rejected 5 (vcard_malformed 4, encoding_invalid 1)"))
        #expect(result.stderr.contains("cards 6"))
    }

    @Test func parseReadsStandardInputWithFormatAndAllEmails() throws {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:a@x.com\r\nEMAIL;TYPE=pref:b@x.com\r\nEND:VCARD\r\n"
        let one = try Listwash.run(["parse", "-", "--format", "vcard"], stdin: Data(card.utf8))
        let records = try one.stdout.split(separator: "\n").map { try ContactRecord.decode(jsonLine: String($0)) }
        #expect(records.map(\.email) == ["b@x.com"])
        #expect(records.first?.extra[key: "EMAIL"] == "a@x.com")
        let all = try Listwash.run(["parse", "-", "--format", "vcard", "--all-emails"], stdin: Data(card.utf8))
        let split = try all.stdout.split(separator: "\n").map { try ContactRecord.decode(jsonLine: String($0)) }
        #expect(split.map(\.email) == ["a@x.com", "b@x.com"])
        #expect(split.allSatisfy { $0.fullName == "Ann Lee" && $0.source.file == "-" && $0.source.record == 1 })
    }

    @Test func vcardWithoutExtensionIsDetectedByContent() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var bytes: [UInt8] = []
        for u in "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:u@x.com\r\nEND:VCARD\r\n".utf16 { bytes += [UInt8(u >> 8), UInt8(u & 0xFF)] }
        let path = try dir.write("contacts.export", bytes: bytes)
        let result = try Listwash.run(["parse", path])
        #expect(result.stdout.contains("\"email\":\"u@x.com\""))
        #expect(result.stderr.contains("utf-16be (no BOM)"))
    }
}
