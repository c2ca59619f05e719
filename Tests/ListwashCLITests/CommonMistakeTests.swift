import Foundation
import Testing
import ListwashTestSupport

/// Common mistakes get a message that names the mistake and its fix, not a symptom of it.
struct CommonMistakeTests {
    @Test func parsingSavedRecordsSaysToPipeThem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = try dir.write("in.csv", "Email,First Name\na@x.com,A\n")
        let saved = try dir.write("saved.jsonl", try Listwash.run(["parse", csv]).stdout)
        let r = try Listwash.run(["parse", saved])
        #expect(r.status != 0)
        #expect(r.stderr.contains("holds listwash records (JSON Lines"), "\(r.stderr)")
        #expect(r.stderr.contains("listwash normalize <"))
        #expect(r.stderr.contains("[input_is_records]"))
        // Told by content too, under another name.
        let renamed = try dir.write("saved.txt", try Listwash.run(["parse", csv]).stdout)
        #expect(try Listwash.run(["parse", renamed]).stderr.contains("[input_is_records]"))
    }

    @Test func submitToAPathThatIsNoFolderSaysSo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("in.csv", "Email\na@x.com\n")
        for (path, what) in [(dir.path + "/missing", "no such directory"), (file, "it is a file")] {
            let r = try Listwash.run(["submit", path, "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": "t0k3n-for-tests"])
            #expect(r.status != 0)
            #expect(r.stderr.contains("is not a batch folder (\(what))"), "\(r.stderr)")
            #expect(!r.stderr.contains("SQLite"))
        }
    }

    @Test func anEmptyTokenVariableIsNotCalledUnset() throws {
        let r = try Listwash.run(["submit", "out", "--base-url", "http://127.0.0.1:9"], environment: ["AC_API_TOKEN": ""])
        #expect(r.status != 0)
        #expect(r.stderr.contains("'AC_API_TOKEN' is set but empty"), "\(r.stderr)")
    }

    @Test func aSingleValuedOptionGivenTwiceIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let records = try Listwash.run(["parse", "-"], stdin: Data("Email\na@x.com\n".utf8)).stdoutBytes
        let r = try Listwash.run(["batch", "--out", dir.path + "/a", "--out", dir.path + "/b"], stdin: records)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is given twice"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/b"))
        // The same value twice is no conflict.
        let same = try Listwash.run(["normalize", "--phone-mode", "keep", "--phone-mode", "keep"], stdin: records)
        #expect(same.status == 0, "\(same.stderr)")
    }

    @Test func aSpreadsheetOrOtherBinaryFileIsNamedAsSuch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let zip = try dir.write("contacts.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 200_000))
        let r = try Listwash.run(["parse", zip])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is a zip archive"), "\(r.stderr)")
        #expect(r.stderr.contains("save it as CSV"))
        #expect(r.stderr.utf8.count < 1000)
    }

    @Test func aGzippedExportIsToldHowToDecompress() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let gz = try dir.write("contacts.csv.gz", bytes: [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0x41, count: 100))
        let r = try Listwash.run(["parse", gz])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is a gzip archive"), "\(r.stderr)")
        #expect(r.stderr.contains("fix: decompress it first ('gunzip -k \(gz)')"), "\(r.stderr)")
        #expect(!r.stderr.contains("save it as CSV"))
    }

    @Test func aLongFirstLineIsReadAndItsNameIsCutInMessages() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Not a timing assertion: before, this line took seconds (quadratic); now it must just work.
        let long = try dir.write("long.csv", String(repeating: "x", count: 200_000) + ",Name\nz,A\n")
        let r = try Listwash.run(["parse", long])
        #expect(r.status == 1)
        #expect(r.stderr.contains("[csv_no_email_column]"))
        #expect(r.stderr.contains("xxxx…'"))
        #expect(r.stderr.utf8.count < 2000)
    }
}
