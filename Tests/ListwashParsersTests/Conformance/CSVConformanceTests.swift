import Foundation
import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashParsers

/// Reads a corpus file the way `listwash parse` does (encoding detection, delimiter sniffing)
/// and returns its records, blank lines as `[]`. With `values`, fields are the values parse
/// gives a record with `--null-as-missing` (an unquoted `NULL` is empty: csv-spectrum's
/// opinionated `null` case); without, the raw fields (csvkit's rows, which keep `NULL`).
private func readCorpusFile(_ path: String, values: Bool) throws -> (rows: [[String]], delimiter: UInt8, encoding: String) {
    let input = try UTF8TextInput(ByteInput(path: path))
    var sample: [UInt8] = []
    var whole = false
    while sample.count < 64 << 10 { if try input.read(into: &sample) == 0 { whole = true; break } }
    let delimiter = sample.withUnsafeBufferPointer { DelimiterSniffer.sniff($0, isWholeInput: whole) }
    let reader = CSVReader(source: PrefixedChunkSource(prefix: sample, rest: input), options: CSVReader.Options(delimiter: delimiter))
    var rows: [[String]] = []
    while try reader.next() {
        #expect(reader.problem == nil, "\(path):\(reader.recordLine)")
        rows.append((0..<reader.fieldCount).map { j in
            values && CSVReader.isNullMarker(reader, j) ? "" : reader.withField(j) { String(decoding: $0, as: UTF8.self) }
        })
    }
    return (rows, delimiter, input.encoding)
}

private func files(_ dir: String, suffix: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(suffix) }.sorted()
}

/// csv-spectrum (csvs/*.csv against json/*.json, and extra/): every case must pass.
struct CSVSpectrumConformanceTests {
    /// Where csv-spectrum's own JSON contradicts its CSV (upstream v2.0.0): the expected phone of
    /// `location_coordinates` is `1234567890`, the CSV holds `2095257564`. These values are checked
    /// against the CSV's literal text instead; every other value is compared with the JSON.
    static let upstreamErrata: [String: Set<String>] = ["location_coordinates": ["Contact Phone Number"]]

    @Test(arguments: ["csv/csv-spectrum", "csv/csv-spectrum/extra"])
    func everyCaseMatchesItsJSON(_ sub: String) throws {
        guard let dir = try Corpus.directory(sub) else { return }
        let names = try files(dir + "/csvs", suffix: ".csv")
        #expect(names.count >= 3)
        for name in names {
            let stem = String(name.dropLast(4))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/json/\(stem).json")))
            // One case (location_coordinates) stores its single record as an object, not an array.
            guard let expected = (json as? [[String: String]]) ?? (json as? [String: String]).map({ [$0] }) else {
                Issue.record("\(stem).json is not a list of string records")
                continue
            }
            let (rows, _, _) = try readCorpusFile("\(dir)/csvs/\(name)", values: true)
            let nonBlank = rows.filter { !$0.isEmpty }
            guard let header = nonBlank.first else { Issue.record("\(name): no header"); continue }
            var records = nonBlank.dropFirst().map { row in
                Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })
            }
            #expect(nonBlank.dropFirst().allSatisfy { $0.count == header.count }, "\(sub)/\(name)")
            var wanted = expected
            for key in Self.upstreamErrata[stem] ?? [] {
                let raw = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "\(dir)/csvs/\(name)")), as: UTF8.self)
                for i in records.indices {
                    #expect(records[i][key].map { !$0.isEmpty && raw.contains($0) } == true, "\(stem): \(key)")
                    #expect(i < wanted.count && wanted[i][key] != records[i][key], "\(stem): erratum no longer needed")
                    records[i][key] = nil
                    if i < wanted.count { wanted[i][key] = nil }
                }
            }
            #expect(records == wanted, "\(sub)/\(name)")
        }
    }
}

/// csvkit's examples: the rows each `expected/<name>.rows.json` states, with its delimiter and
/// encoding (blank lines are empty rows, as Python's csv module gives them).
struct CSVKitConformanceTests {
    struct Expected: Decodable {
        var encoding: String
        var delimiter: String
        var rows: [[String]]
    }

    @Test func everyExampleGivesTheExpectedRows() throws {
        guard let dir = try Corpus.directory("csv/csvkit") else { return }
        let names = try files(dir + "/expected", suffix: ".rows.json")
        #expect(names.count == 17)
        for name in names {
            let stem = String(name.dropLast(".rows.json".count))
            let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/expected/\(name)")))
            let (rows, delimiter, encoding) = try readCorpusFile("\(dir)/\(stem).csv", values: false)
            #expect(rows == expected.rows, "\(stem)")
            #expect(String(UnicodeScalar(delimiter)) == expected.delimiter, "\(stem)")
            let encodings: [String: Set<String>] = ["utf-8": ["utf-8"], "utf-8-sig": ["utf-8"], "utf-16": ["utf-16le", "utf-16be"],
                                                    "latin-1": ["windows-1252"]]
            #expect(encodings[expected.encoding]?.contains(encoding) == true, "\(stem): \(encoding) for \(expected.encoding)")
        }
    }
}

/// Real contact exports (Roundcube's and Thunderbird's test files): the presets must pick the
/// columns those projects' own tests expect (first email, names, organization, display name).
struct CSVContactExportConformanceTests {
    /// The properties Roundcube's expected vCard gives each contact.
    struct Card: Equatable { var email: String?; var first: String?; var last: String?; var org: String?; var fullName: String? }

    static func cards(vcf: String) -> [Card] {
        var cards: [Card] = []
        var current = Card()
        var hasName = false
        for line in vcf.split(whereSeparator: \.isNewline) {
            let s = String(line)
            guard let colon = s.firstIndex(of: ":") else { continue }
            let name = s[..<colon].split(separator: ";").first.map(String.init) ?? ""
            let value = String(s[s.index(after: colon)...])
            switch name {
            case "BEGIN": current = Card(); hasName = false
            case "EMAIL": if current.email == nil { current.email = value }
            case "ORG": current.org = value.split(separator: ";").first.map(String.init)
            case "N":
                let parts = value.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                current.last = parts[0].isEmpty ? nil : parts[0]
                current.first = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
                hasName = current.first != nil || current.last != nil
            case "FN": current.fullName = value
            case "END":
                if !hasName { current.fullName = nil }  // Roundcube makes FN from the email then
                cards.append(current)
            default: break
            }
        }
        return cards
    }

    static func parse(_ path: String) throws -> (records: [ContactRecord], mapping: String) {
        var source = try CSVSource(path: path, settings: ParseSettings())
        var out: [ContactRecord] = []
        while let r = try source.next() { out.append(r) }
        return (out, source.facts[key: "mapping"] ?? "")
    }

    @Test(arguments: [("all", "outlook (auto)"), ("email", "generic (auto)"), ("gmail", "google-contacts (auto)"),
                      ("outlook", "outlook (auto)"), ("tb_plain", "thunderbird (auto)")])
    func roundcubeExports(_ stem: String, _ mapping: String) throws {
        guard let dir = try Corpus.directory("csv/contact-exports/roundcube") else { return }
        let expected = Self.cards(vcf: try String(contentsOfFile: "\(dir)/\(stem).expected.vcf", encoding: .utf8))
        let (records, chosen) = try Self.parse("\(dir)/\(stem).csv")
        #expect(chosen == mapping)
        let got = records.map { Card(email: $0.email, first: $0.firstName, last: $0.lastName, org: $0.customerAcctName, fullName: $0.fullName) }
        #expect(got == expected)
        #expect(records.allSatisfy { $0.reject == nil })
    }

    @Test(arguments: [("basic_csv_addressbook", "csv_import"), ("csv_semicolon", "csv_import"),
                      ("quote", "quote_csv"), ("utf16_addressbook", "utf16_csv")])
    func thunderbirdExports(_ stem: String, _ key: String) throws {
        guard let dir = try Corpus.directory("csv/contact-exports/thunderbird") else { return }
        let all = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/addressbook.expected.json"))) as! [String: Any]
        let expected = (all[key] as! [[String: Any]]).map {
            Card(email: $0["PrimaryEmail"] as? String, first: $0["FirstName"] as? String, last: $0["LastName"] as? String,
                 org: nil, fullName: $0["DisplayName"] as? String)
        }
        let (records, _) = try Self.parse("\(dir)/\(stem).csv")
        let got = records.map { Card(email: $0.email, first: $0.firstName, last: $0.lastName, org: nil, fullName: $0.fullName) }
        #expect(got == expected, "\(stem)")
        #expect(records.allSatisfy { $0.reject == nil }, "\(stem)")
    }
}
