import Testing
import ListwashCore
import ListwashParsers

/// Inputs larger than one read chunk (1 MiB): line endings, quoted-printable soft breaks and
/// UTF-16 surrogate pairs that straddle chunk boundaries read the same as anywhere else.
struct VCardLargeInputTests {
    static func cards(_ count: Int, ending: String) -> String {
        (0..<count).map { i in
            ["BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Sm=C3=B8rg=C3=A5s=",
             "ard\(i);Kl=C3=A6=", "ra;;;", "FN:Klæra 𝄞 \(i)", "EMAIL;PREF:k\(i)@example.com", "NOTE:" + String(repeating: "x", count: i % 97),
             "END:VCARD"].joined(separator: ending)
        }.joined(separator: ending) + ending
    }

    @Test(arguments: ["\r\r\n", "\r", "\r\n"])
    func largeFileReadsEveryCard(_ ending: String) throws {
        let count = 9000
        let parsed = try VCardTestParsing.parse(Self.cards(count, ending: ending))
        #expect(parsed.records.count == count)
        #expect(parsed.records.allSatisfy { $0.reject == nil })
        for (i, r) in parsed.records.enumerated() where r.email != "k\(i)@example.com" || r.lastName != "Smørgåsard\(i)"
            || r.firstName != "Klæra" || r.fullName != "Klæra 𝄞 \(i)" || r.source.line != 9 * i + 1 {
            Issue.record("card \(i + 1) read as \(r)")
            break
        }
    }

    @Test func largeUTF16FileReadsEveryCard() throws {
        let count = 6000
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in Self.cards(count, ending: "\r\n").utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let parsed = try VCardTestParsing.parse(bytes: bytes)
        #expect(parsed.records.count == count)
        #expect(parsed.records.allSatisfy { $0.reject == nil })
        #expect(parsed.records.enumerated().allSatisfy { $1.fullName == "Klæra 𝄞 \($0)" })
    }

    /// A file whose line `NOTE...` ends exactly `shift` bytes before the end of the first full
    /// read chunk (the stream reads a 64-byte head, then chunks of ``ByteInput/chunkSize``), so
    /// the line ending (or the quoted-printable `=` soft break) is split across two reads.
    static func boundaryFile(ending: String, shift: Int, quotedPrintable: Bool) -> (text: String, note: String) {
        let boundary = 64 + ByteInput.chunkSize
        var text = ""
        var i = 0
        while text.utf8.count < boundary - 4000 {
            text += "BEGIN:VCARD\(ending)EMAIL:f\(i)@example.com\(ending)NOTE:\(String(repeating: "z", count: 150))\(ending)END:VCARD\(ending)"
            i += 1
        }
        text += "BEGIN:VCARD\(ending)EMAIL:edge@example.com\(ending)" + (quotedPrintable ? "NOTE;ENCODING=QUOTED-PRINTABLE:" : "NOTE:")
        let fill = String(repeating: "y", count: boundary - shift - text.utf8.count - (quotedPrintable ? 1 : 0))
        text += fill + (quotedPrintable ? "=" + ending + "tail" : "") + ending + "END:VCARD" + ending
        text += "BEGIN:VCARD\(ending)EMAIL:after@example.com\(ending)END:VCARD\(ending)"
        return (text, fill + (quotedPrintable ? "tail" : ""))
    }

    @Test(arguments: ["\r\r\n", "\r", "\r\n"], [0, 1, 2])
    func lineEndingsAndSoftBreaksStraddlingAChunkBoundary(_ ending: String, _ shift: Int) throws {
        for qp in [false, true] {
            let (text, note) = Self.boundaryFile(ending: ending, shift: shift, quotedPrintable: qp)
            let parsed = try VCardTestParsing.parse(text)
            let edge = try #require(parsed.records.first { $0.email == "edge@example.com" })
            #expect(edge.reject == nil)
            #expect(edge.extra[key: "NOTE"] == note)
            #expect(parsed.records.last?.email == "after@example.com" && parsed.records.last?.reject == nil)
            #expect(parsed.records.allSatisfy { $0.reject == nil })
        }
    }

    /// A line past 16 MiB is cut and the rest read past, not held: an embedded photo (never
    /// read) costs nothing, a text value that long rejects its card, and the next card reads.
    @Test(arguments: ["\r\n", "\n", "\r"])
    func overlongLinesAreCutNotHeld(_ ending: String) throws {
        let big = (16 << 20) + 3 * ByteInput.chunkSize + 17
        let photo = String(repeating: "QUJD", count: big / 4)
        let note = String(repeating: "n", count: big)
        // A folded line whose pieces only together pass the limit.
        let folded = (0..<17).map { _ in String(repeating: "f", count: 1 << 20) }.joined(separator: ending + " ")
        let text = ["BEGIN:VCARD", "VERSION:3.0", "EMAIL:photo@example.com", "PHOTO;ENCODING=b;TYPE=JPEG:" + photo, "FN:Pat", "END:VCARD",
                    "BEGIN:VCARD", "VERSION:3.0", "EMAIL:note@example.com", "NOTE:" + note, "END:VCARD",
                    "BEGIN:VCARD", "VERSION:3.0", "EMAIL:folded@example.com", "NOTE:" + folded, "END:VCARD",
                    "BEGIN:VCARD", "VERSION:3.0", "EMAIL:after@example.com", "FN:After", "END:VCARD"].joined(separator: ending) + ending
        let parsed = try VCardTestParsing.parse(text)
        #expect(parsed.records.map(\.email) == ["photo@example.com", "note@example.com", "folded@example.com", "after@example.com"])
        #expect(parsed.records[0].reject == nil && parsed.records[0].fullName == "Pat")
        for r in parsed.records[1...2] {
            #expect(r.reject?.code == .vcardMalformed)
            #expect(r.reject?.reason.hasSuffix("the NOTE line is longer than 16 MiB and was cut") == true, "\(r.reject?.reason ?? "")")
        }
        #expect(parsed.records[3].reject == nil && parsed.records[3].fullName == "After")
        #expect(parsed.records[3].source.line == 33)
    }
}

