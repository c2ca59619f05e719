import Foundation
import ListwashCore
import ListwashParsers
import ListwashTestSupport

/// What reading one vCard input gave: every record (rejects included) and the facts.
struct ParsedVCard {
    var records: [ContactRecord]
    var facts: [KeyValue]

    /// The only record (tests of one-card inputs).
    var record: ContactRecord? { records.count == 1 ? records[0] : nil }
    func fact(_ key: String) -> String? { facts[key: key] }
}

/// Runs ``VCardSource`` over inline text or bytes written to a temporary file.
enum VCardTestParsing {
    static func parse(_ text: String, allEmails: Bool = false, encoding: String? = nil) throws -> ParsedVCard {
        try parse(bytes: Array(text.utf8), allEmails: allEmails, encoding: encoding)
    }

    static func parse(bytes: [UInt8], allEmails: Bool = false, encoding: String? = nil) throws -> ParsedVCard {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("cards.vcf", bytes: bytes)
        return try parse(path: path, allEmails: allEmails, encoding: encoding)
    }

    static func parse(path: String, allEmails: Bool = false, encoding: String? = nil) throws -> ParsedVCard {
        var settings = ParseSettings()
        settings.allEmails = allEmails
        settings.encoding = encoding
        var source = try VCardSource(path: path, settings: settings)
        var records: [ContactRecord] = []
        while let r = try source.next() { records.append(r) }
        return ParsedVCard(records: records, facts: source.facts)
    }

    /// Lines joined with CRLF, the line ending most exporters write.
    static func crlf(_ lines: String...) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }
}
