import Foundation
import Testing
import ListwashCore
import ListwashParsers
import ListwashTestSupport

/// Every vCard of the public corpus (`../shared/corpus/vcard`, read at test time, never copied)
/// parses, and every email, name and phone its `expected.json` states comes out as stated.
/// Each folder's expected.json has its own shape (see the corpus README).
struct VCardConformanceTests {
    static let folders = ["vcard/ez-vcard", "vcard/roundcube", "vcard/thunderbird"]

    /// Cards of the corpus that are broken on purpose or by accident, and how they are rejected.
    /// John_Doe_ANDROID.vcf card 6 declares CHARSET=UTF-8 but its ORG continues `=C3=91=80`:
    /// 0x80 after a complete 'Ñ' is not UTF-8 (ez-vcard replaces it silently).
    static let knownRejects: [String: [Int: (RejectCode, String)]] = [
        "John_Doe_ANDROID.vcf": [6: (.encodingInvalid, "line 82, column ")],
    ]

    static func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Every value of the record: the mapped one and the `_extra` ones whose key starts with `prefix`.
    static func values(_ mapped: String?, _ r: ContactRecord, _ prefix: String) -> [String] {
        [mapped].compactMap { $0 } + r.extra.filter { $0.key.hasPrefix(prefix + " ") || $0.key == prefix }.map(\.value)
    }

    @Test func everyCorpusFileParses() throws {
        for folder in Self.folders {
            guard let dir = try Corpus.directory(folder) else { continue }
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".vcf") }.sorted()
            #expect(!files.isEmpty)
            for file in files {
                let parsed = try VCardTestParsing.parse(path: dir + "/" + file)
                #expect(!parsed.records.isEmpty, "\(file)")
                #expect(parsed.fact("cards") == String(parsed.records.count), "\(file)")
                for r in parsed.records {
                    if let (code, prefix) = Self.knownRejects[file]?[r.source.record] {
                        #expect(r.reject?.code == code && r.reject?.reason.hasPrefix(prefix) == true, "\(file) card \(r.source.record)")
                    } else {
                        #expect(r.reject == nil, "\(file) card \(r.source.record): \(r.reject?.reason ?? "")")
                    }
                }
            }
        }
    }

    @Test func ezVCardSamplesGiveTheStatedEmailsNamesAndPhones() throws {
        guard let dir = try Corpus.directory("vcard/ez-vcard") else { return }
        let expected = try Self.json(dir + "/expected.json")
        var checked = 0
        for (file, value) in expected.sorted(by: { $0.key < $1.key }) where file.hasSuffix(".vcf") {
            let spec = try #require(value as? [String: Any])
            let parsed = try VCardTestParsing.parse(path: dir + "/" + file)
            let perAddress = try VCardTestParsing.parse(path: dir + "/" + file, allEmails: true)
            let cards = try #require(spec["cards"] as? [[String: Any]])
            #expect(parsed.records.count == spec["card_count"] as? Int, "\(file)")
            var uris = (spec["uri_assertions_in_order"] as? [String] ?? []).compactMap(Self.telURI)
            for (i, card) in cards.enumerated() where i < parsed.records.count {
                let r = parsed.records[i]
                let at = "\(file) card \(i + 1)"
                if let fn = (card["fn"] as? [String])?.first { #expect(r.fullName == fn, "\(at)") }
                if let n = (card["n"] as? [[String: Any]])?.first {
                    #expect(r.lastName == n["family"] as? String, "\(at)")
                    #expect(r.firstName == n["given"] as? String, "\(at)")
                    for (key, extra) in [("additional", "N additional"), ("prefixes", "N prefix"), ("suffixes", "N suffix")] {
                        if let parts = n[key] as? [String] { #expect(r.extra[key: extra] == parts.joined(separator: ","), "\(at) \(key)") }
                    }
                }
                let emails = card["emails"] as? [[String: Any]] ?? []
                let emailValues = emails.compactMap { $0["value"] as? String }
                #expect(Self.values(r.email, r, "EMAIL").sorted() == emailValues.sorted(), "\(at)")
                if let primary = Self.preferred(emails, phones: false) { #expect(r.email == primary["value"] as? String, "\(at)") }
                let fromCard = perAddress.records.filter { $0.source.record == i + 1 }
                #expect(fromCard.compactMap(\.email) == emailValues, "\(at) --all-emails")

                let tels = card["tels"] as? [[String: Any]] ?? []
                let telValues = tels.map { tel -> String in
                    if let text = tel["text"] as? String { return text }
                    return uris.isEmpty ? "" : uris.removeFirst()
                }
                #expect(Self.values(r.phone, r, "TEL").sorted() == telValues.sorted(), "\(at)")
                if let best = Self.preferred(tels, phones: true), let index = tels.firstIndex(where: { ($0 as NSDictionary) == (best as NSDictionary) }) {
                    #expect(r.phone == telValues[index], "\(at)")
                }
                checked += 1
            }
        }
        #expect(checked >= 20)
    }

    /// The address or number listwash must choose: lowest PREF parameter, else a PREF type,
    /// else (phones) the first CELL, else the first.
    static func preferred(_ items: [[String: Any]], phones: Bool) -> [String: Any]? {
        func types(_ x: [String: Any]) -> [String] { x["types"] as? [String] ?? [] }
        func prefParam(_ x: [String: Any]) -> Int? {
            (x["params"] as? [[String]])?.first { $0.first == "PREF" && $0.count > 1 }.flatMap { Int($0[1]) }
        }
        if let best = items.filter({ prefParam($0) != nil }).min(by: { prefParam($0)! < prefParam($1)! }) { return best }
        if let pref = items.first(where: { types($0).contains("PREF") }) { return pref }
        if phones, let cell = items.first(where: { types($0).contains("CELL") }) { return cell }
        return items.first
    }

    /// `new TelUri.Builder("+1-418-656-9254").extension("102").build()` → `+1-418-656-9254 ext. 102`.
    static func telURI(_ java: String) -> String? {
        guard java.contains("TelUri") else { return nil }
        let quoted = java.split(separator: "\"", omittingEmptySubsequences: false)
        guard quoted.count >= 3 else { return nil }
        let number = String(quoted[1])
        if java.contains(".extension("), quoted.count >= 5 { return "\(number) ext. \(quoted[3])" }
        return number
    }

    @Test func roundcubeSamplesGiveTheStatedValues() throws {
        guard let dir = try Corpus.directory("vcard/roundcube") else { return }
        let expected = try Self.json(dir + "/expected.json")
        func record(_ file: String) throws -> ContactRecord {
            let parsed = try VCardTestParsing.parse(path: dir + "/" + file)
            #expect(parsed.records.count == 1, "\(file)")
            return try #require(parsed.records.first)
        }
        let apple = try #require(expected["apple.vcf"] as? [String: Any])
        let a = try record("apple.vcf")
        // A company card (X-ABShowAs:COMPANY): its display name is kept in `_extra` as FN, not as
        // a full name for normalize to split into a person's names.
        #expect(a.fullName == nil)
        #expect(a.extra.first { $0.key == "FN" }?.value == apple["displayname"] as? String)
        #expect(a.firstName == nil && (apple["firstname"] as? String) == "")
        #expect(a.customerAcctName == apple["displayname"] as? String)

        let john = try #require(expected["johndoe.vcf"] as? [String: Any])
        let j = try record("johndoe.vcf")
        #expect(j.fullName == john["displayname"] as? String)
        #expect(j.customerAcctName == john["organization"] as? String)
        let emails = (john["emails"] as? [String] ?? []).compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(j.email == emails.first)
        #expect(Self.values(j.email, j, "EMAIL") == emails)
        #expect(Self.values(j.email, j, "EMAIL").count == john["email_count"] as? Int)
        #expect(j.extra[key: "NOTE"] == john["notes"] as? String)
        #expect(j.phone == john["tel_cell"] as? String)
        #expect(Self.values(j.phone, j, "TEL").contains(try #require(john["tel_work"] as? String)))

        let bat = try #require(expected["thebat.vcf"] as? [String: Any])
        let b = try record("thebat.vcf")
        #expect(b.email == bat["email"] as? String)
        #expect(b.lastName == bat["surname_if_decoded_as_latin1"] as? String)
        #expect(b.notes.first?.code == "charset_assumed")

        let photo = try #require(expected["photo.vcf"] as? [String: Any])
        let p = try record("photo.vcf")
        #expect(p.lastName == photo["surname"] as? String)
        #expect(!p.extra.contains { $0.value.hasPrefix(photo["photo_base64_prefix"] as? String ?? "-") })

        let utf16 = try #require(expected["utf-16_sample.vcf"] as? [String: Any])
        #expect(try record("utf-16_sample.vcf").fullName == utf16["displayname"] as? String)
    }

    @Test func thunderbirdSamplesGiveTheStatedValues() throws {
        guard let dir = try Corpus.directory("vcard/thunderbird") else { return }
        let expected = try Self.json(dir + "/expected.json")
        let basic = try #require(expected["basic_vcard_addressbook.vcf"] as? [[String: Any]])
        let dos = try #require(expected["dos_vcard_addressbook.vcf"] as? [[String: Any]])
        #expect(expected["emptylines_vcard_addressbook.vcf"] is String)  // "same 2 contacts as basic"
        for (file, contacts) in [("basic_vcard_addressbook.vcf", basic), ("emptylines_vcard_addressbook.vcf", basic), ("dos_vcard_addressbook.vcf", dos)] {
            let parsed = try VCardTestParsing.parse(path: dir + "/" + file)
            #expect(parsed.records.count == contacts.count, "\(file)")
            for (r, c) in zip(parsed.records, contacts) {
                #expect(r.fullName == c["DisplayName"] as? String, "\(file)")
                #expect(r.firstName == c["FirstName"] as? String, "\(file)")
                #expect(r.lastName == c["LastName"] as? String, "\(file)")
                #expect(r.email == c["PrimaryEmail"] as? String, "\(file)")
            }
        }
        for file in ["v3-binary-jpeg.vcf", "v3-uri-uri-png.vcf", "v4-uri-jpeg.vcf"] {
            let r = try #require(try VCardTestParsing.parse(path: dir + "/" + file).record)
            #expect(r.fullName != nil && r.email == nil && r.extra[key: "NOTE"] != nil, "\(file)")
            #expect(r.extra.count == 1, "\(file): the photo is never kept")
        }
        let export = try VCardTestParsing.parse(path: dir + "/tb_export.vcf")
        #expect(export.records.map(\.email) == ["contact1@invalid", "contact2@invalid"])
        #expect(export.records[1].extra[key: "X-CUSTOM1"] == "custom, 1")
        #expect(export.records[1].extra[key: "X-CUSTOM4"] == "custom\n4")
    }
}
