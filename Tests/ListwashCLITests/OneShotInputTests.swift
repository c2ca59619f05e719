import Foundation
import Testing
import ListwashTestSupport

/// An input that can be read only once (`/dev/stdin` on a pipe, a named FIFO, a shell's
/// `<(command)`) is opened once: the bytes read to choose its parser are parsed too. Opened
/// twice, a vCard lost its first cards without a word, a CSV its header, and a FIFO waited
/// forever for a second writer.
struct OneShotInputTests {
    static func cards(_ n: Int) -> String {
        (0..<n).map { "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:N\($0)\r\nEMAIL:user\($0)@example.com\r\nEND:VCARD\r\n" }.joined()
    }

    @Test func aVCardOnDevStdinFromAPipeIsReadWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("many.vcf", Self.cards(200))
        let r = try Listwash.shell("cat many.vcf | listwash parse /dev/stdin --format vcard", directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("in 200 = out 200 + rejected 0"), "\(r.stderr)")
        #expect(r.stdout.contains(#""email":"user0@example.com""#))
    }

    @Test func aCSVOnDevStdinFromAPipeKeepsItsHeader() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let rows = (0..<300).map { "user\($0)@example.com,Name\($0)\n" }.joined()
        _ = try dir.write("a.csv", "Email,First Name\n" + rows)
        let r = try Listwash.shell("cat a.csv | listwash parse /dev/stdin", directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("in 300 = out 300 + rejected 0"), "\(r.stderr)")
    }

    @Test func aNamedFIFOIsReadOnceAndWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // `timeout`: opened a second time, the FIFO would wait for a writer that is gone.
        let r = try Listwash.shell("""
            mkfifo f.csv && (printf 'email\\nx@example.com\\ny@example.com\\n' > f.csv &) && timeout 20 listwash parse f.csv
            """, directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("in 2 = out 2 + rejected 0"), "\(r.stderr)")
    }
}
