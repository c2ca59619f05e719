import Foundation
import ListwashCore
import ListwashTestSupport
import Testing
@testable import ListwashParsers

/// The public XML corpus (../shared/corpus/xml), read at test time: xCard and WordPress WXR give
/// the contacts their `expected.json` states; every defusedxml attack file is refused and the
/// benign control is read. Skips when the corpus is absent unless LISTWASH_REQUIRE_CORPUS=1.
@Suite struct XMLConformanceTests {
    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func xCardRFC6351Example() throws {
        guard let dir = try Corpus.directory("xml/xcard") else { return }
        let expected = try #require(try Self.json(dir + "/expected.json")["rfc6351-example.xml"] as? [String: Any])
        let read = try readXML(dir + "/rfc6351-example.xml")
        #expect(read.fact("mapping")?.hasPrefix("xcard (detected:") == true)
        #expect(read.fact("mapping")?.contains(try #require(expected["namespace"] as? String)) == true)
        #expect(read.records.count == expected["contacts"] as? Int)
        let r = try #require(read.records.first)
        let n = try #require(expected["n"] as? [String: Any])
        #expect(r.fullName == expected["fn"] as? String)
        #expect(r.firstName == n["given"] as? String)
        #expect(r.lastName == n["surname"] as? String)
        #expect([r.email].compactMap { $0 } == expected["emails"] as? [String])
        let tels = try #require(expected["tels"] as? [[String: Any]])
        let preferred = try #require(tels.first { $0["pref"] as? Int == 1 })
        #expect(r.phone == preferred["uri"] as? String)
        #expect(r.customerAcctName == "Viagenie")
        #expect(r.reject == nil)
    }

    @Test func wordpressValidWXR11() throws {
        guard let dir = try Corpus.directory("xml/wordpress-wxr") else { return }
        let expected = try #require(try Self.json(dir + "/expected.json")["valid-wxr-1.1.xml"] as? [String: Any])
        let authors = try #require(expected["authors"] as? [[String: Any]])
        let read = try readXML(dir + "/valid-wxr-1.1.xml")
        #expect(read.fact("mapping")?.hasPrefix("wordpress-wxr (detected:") == true)
        #expect(read.records.count == authors.count)
        for (r, a) in zip(read.records, authors) {
            #expect(r.email == a["author_email"] as? String)
            #expect(r.fullName == a["author_display_name"] as? String)
            #expect(r.firstName == a["author_first_name"] as? String)
            #expect(r.lastName == a["author_last_name"] as? String)
            #expect(r.extra[key: "wp:author_login"] == a["author_login"] as? String)
            #expect(r.extra[key: "wp:author_id"] == (a["author_id"] as? Int).map(String.init))
        }
    }

    @Test func wordpressMultilineAuthorsAreTrimmed() throws {
        guard let dir = try Corpus.directory("xml/wordpress-wxr") else { return }
        let expected = try #require(try Self.json(dir + "/expected.json")["authors-multiline.xml"] as? [String: Any])
        let read = try readXML(dir + "/authors-multiline.xml")
        #expect(read.records.map { $0.extra[key: "wp:author_login"] ?? "" }.sorted() == expected["author_logins_sorted"] as? [String])
        #expect(read.records.compactMap(\.email) == expected["emails"] as? [String])
        #expect(read.partial.isEmpty)
    }

    @Test func wordpressLargeAuthors() throws {
        guard let dir = try Corpus.directory("xml/wordpress-wxr") else { return }
        let expected = try #require(try Self.json(dir + "/expected.json")["large-authors.xml"] as? [String: Any])
        let count = try #require(expected["author_count"] as? Int)
        let read = try readXML(dir + "/large-authors.xml")
        #expect(read.live.count == count)
        #expect(read.records.map(\.email) == (1...count).map { "user\($0)@example.com" })
    }

    @Test func wordpressMalformedIsReportedNotCrashed() throws {
        guard let dir = try Corpus.directory("xml/wordpress-wxr") else { return }
        let expected = try #require(try Self.json(dir + "/expected.json")["malformed-simple.xml"] as? [String: Any])
        #expect(expected["well_formed"] as? Bool == false)
        let read = try readXML(dir + "/malformed-simple.xml")
        let d = try #require(read.partial.first)
        #expect(d.code == "xml_malformed")
        #expect(d.position?.line ?? 0 > 1)
    }

    /// defusedxml's own verdicts (tests.py at the corpus commit): every file but `simple.xml`
    /// declares entities or names an external DTD. The corpus README describes an
    /// `expected.json` for this folder; when it is present its verdicts are used instead.
    static let defusedVerdicts: [String: Bool] = [
        "cyclic.xml": true, "dtd.xml": true, "external.xml": true, "external_file.xml": true,
        "quadratic.xml": true, "simple.xml": false, "xmlbomb.xml": true, "xmlbomb2.xml": true,
    ]

    static func refusedVerdicts(in dir: String) throws -> [String: Bool] {
        for candidate in [dir + "/expected.json", dir + "/../expected.json"] where FileManager.default.fileExists(atPath: candidate) {
            var out: [String: Bool] = [:]
            for (k, v) in try json(candidate) {
                guard let entry = v as? [String: Any] else { continue }
                let name = (k as NSString).lastPathComponent
                if let refuse = entry["refuse"] as? Bool ?? entry["must_refuse"] as? Bool { out[name] = refuse }
            }
            if !out.isEmpty { return out }
        }
        return defusedVerdicts
    }

    @Test func defusedXMLAttackSet() throws {
        guard let dir = try Corpus.directory("xml/security/defusedxml") else { return }
        let verdicts = try Self.refusedVerdicts(in: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let refuse = try #require(verdicts[file] as Bool?, "no verdict for \(file)")
            let generic = inline("//*", ["full_name": "."])
            let d = diagnostic { _ = try readXML(dir + "/" + file, generic) }
            if refuse {
                #expect(d?.code == "xml_entities_refused", "\(file): \(String(describing: d))")
            } else {
                #expect(d == nil, "\(file): \(String(describing: d))")
                let read = try readXML(dir + "/" + file, generic)
                #expect(read.records.first?.fullName?.contains("text") == true)
            }
        }
    }
}
