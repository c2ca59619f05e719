import Testing
import PropertyBased
import ListwashCore
@testable import ListwashParsers

/// `listwash parse` writes plain CSV records straight from their bytes
/// (``CSVSource/nextLine(into:)``). Its lines must be byte for byte those of the records
/// ``CSVSource/next()`` builds, whatever the file holds: quotes, escapes, control characters,
/// invalid UTF-8, `NULL`, extra or missing fields, blank lines, several columns for one property.
struct CSVDirectLineTests {
    /// The JSON Lines of every record of `path`, and how many the direct path wrote.
    static func lines(_ path: String, settings: ParseSettings, direct: Bool) throws -> (text: [UInt8], written: Int) {
        var source = try CSVSource(path: path, settings: settings)
        var w = JSONWriter()
        var written = 0
        if direct {
            while let next = try source.nextLine(into: &w) {
                switch next {
                case .written: written += 1
                case .record(let r): r.writeJSON(to: &w)
                }
                w.byte(0x0A)
            }
        } else {
            while let r = try source.next() { r.writeJSON(to: &w); w.byte(0x0A) }
        }
        return (w.bytes, written)
    }

    static let headers = [
        "Email,First Name,Last Name,Phone,Company,Tags",
        "Tags,Company,Email,Last Name",
        "Email,Notes,E-mail,Tags,First Name",   // two email columns, one unmapped column
        "Email,Full Name,Tags",                 // full name: no direct path at all
        "Phone,First Name",                      // no email column: refused, on both paths alike
    ]

    static let values: [[UInt8]] = [
        [], Array("NULL".utf8), Array("\"NULL\"".utf8), Array("ann@x.com".utf8), Array("  Bob@Y.org ".utf8),
        Array("\"a,b\"".utf8), Array("\"say \"\"hi\"\"\"".utf8), Array("Zoé".utf8), Array("tab\there".utf8),
        [0x01, 0x61], [0xFF, 0x61], Array("vip;new".utf8), Array("; a ;;b;".utf8), Array("\"two\nlines\"".utf8),
        Array("back\\slash/".utf8), Array("日本".utf8), Array("\"unterminated".utf8),
    ]

    /// Rows of eight value picks and a shape: 0 drops the last field, 1 adds one, else the
    /// header's count (so most rows can take the direct path).
    static let rows = zip(Gen.int(in: 0...(values.count - 1)).array(of: 8...8), Gen.int(in: 0...5)).array(of: 0...12)

    /// Counts what the direct path wrote over a whole property check.
    final class Tally: @unchecked Sendable { var written = 0 }

    @Test func directLinesAreTheRecordsLines() async throws {
        let tally = Tally()
        await propertyCheck(count: 250, input: Gen.int(in: 0...(Self.headers.count - 1)), Self.rows,
                            Gen.int(in: 0...1), Gen.int(in: 0...1)) { h, rows, nullAsMissing, crlf in
            let end: [UInt8] = crlf == 1 ? [0x0D, 0x0A] : [0x0A]
            let columns = Self.headers[h].split(separator: ",").count
            var bytes = Array(Self.headers[h].utf8) + end
            for (picks, shape) in rows {
                let n = shape == 0 ? columns - 1 : shape == 1 ? columns + 1 : columns
                bytes += Array(picks.prefix(n).map { Self.values[$0] }.joined(separator: [0x2C])) + end
            }
            let settings = try parseSettings(nullAsMissing == 1 ? ["--null-as-missing"] : [])
            let outcome = try withTemporaryCSV(bytes) { path -> (direct: [UInt8], built: [UInt8], written: Int)? in
                do {
                    let d = try Self.lines(path, settings: settings, direct: true)
                    let b = try Self.lines(path, settings: settings, direct: false)
                    return (d.text, b.text, d.written)
                } catch is Diagnostic {
                    return nil
                }
            }
            guard let outcome else { return }
            // Both are JSON Lines, valid UTF-8: compared as text for a readable failure.
            #expect(String(decoding: outcome.direct, as: UTF8.self) == String(decoding: outcome.built, as: UTF8.self))
            tally.written += outcome.written
        }
        // The generator must reach the direct path, or the comparison above proves little.
        #expect(tally.written > 100)
    }

    @Test func plainRecordsTakeTheDirectPathAndOthersDoNot() throws {
        let csv = "Email,First Name,Notes,Tags\nann@x.com,Ann,,vip;new\nbob@y.org,Bob,kept in _extra,\n,,,\n"
        let (text, written) = try withTemporaryCSV(Array(csv.utf8)) { try Self.lines($0, settings: ParseSettings(), direct: true) }
        #expect(written == 1)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(#"{"email":"ann@x.com","first_name":"Ann","tags":["vip","new"],"_src":{"file":"#))
        #expect(lines[0].hasSuffix(#"","record":1,"line":2}}"#))
        #expect(lines[1].contains(#""_extra":{"Notes":"kept in _extra"}"#))
        #expect(lines[2].contains(#""code":"record_empty""#))
    }
}
