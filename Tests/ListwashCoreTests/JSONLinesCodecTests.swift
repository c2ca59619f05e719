import Foundation
import Testing
import PropertyBased
import ListwashCore
import ListwashTestSupport

struct JSONLinesCodecTests {
    @Test func writesPropertiesInContractOrderAndOmitsEmptyOnes() {
        var r = ContactRecord.fixture(email: "jane@example.com", firstName: "Jane", lastName: "", tags: ["vip"], file: "crm.csv", record: 17, line: 18)
        r.fields = [KeyValue("12", "gold")]
        r.subscribe = [3]
        r.extra = [KeyValue("Birthday", "1990-01-01")]
        #expect(r.jsonLine == #"{"email":"jane@example.com","first_name":"Jane","tags":["vip"],"fields":{"12":"gold"},"subscribe":[3],"_src":{"file":"crm.csv","record":17,"line":18},"_extra":{"Birthday":"1990-01-01"}}"#)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let r = ContactRecord.fixture(firstName: "a\"b\\c\nd\u{01}é")
        #expect(r.jsonLine.contains(#""first_name":"a\"b\\c\nd\u0001é""#))
    }

    @Test func readsBackWhatItWrites() throws {
        var r = ContactRecord.fixture(email: "x@y.org", firstName: "Zoë", phone: "+14155550100", company: "Acme, \"Inc\"", tags: ["a", "b"])
        r.notes = [Note(code: "phone_invalid", field: "phone", message: "m")]
        r.fullName = "Zoë Smith"
        r.changes = [Change(field: "email", before: "X@y.org", after: "x@y.org", rule: "email.lowercase")]
        r.merged = [Provenance(file: "b.csv", record: 2, line: 3)]
        r.reject = Reject(code: .duplicateMerged, stage: "dedupe", reason: "dup", into: Provenance(file: "a.csv", record: 1, line: 2))
        let back = try ContactRecord.decode(jsonLine: r.jsonLine)
        #expect(back == r)
    }

    /// An `_src` that names no record (`{}`, hand-made) is read as no `_src`: the
    /// reader's position stands in, so every reject and source map still says where it was.
    @Test(arguments: [#"{"email":"b@x.com","_src":{}}"#, #"{"email":"b@x.com","_src":{"file":"","record":0,"line":0}}"#,
                      #"{"email":"b@x.com","_src":{"line":9}}"#])
    func anEmptySourceIsTheReadersPosition(line: String) throws {
        let r = try ContactRecord.decode(jsonLine: line, fallback: Provenance(file: "-", record: 2, line: 2))
        #expect(r.source == Provenance(file: "-", record: 2, line: 2))
        #expect(!r.isUnchangedSinceDecoding)
        let glance = Array(line.utf8).withUnsafeBufferPointer { RecordGlance.read($0, files: FileNameCache()) }
        #expect(glance == nil)
    }

    @Test func acceptsTheBulkImportShapesForFieldsAndLists() throws {
        let r = try ContactRecord.decode(jsonLine: #"{"email":"a@b.co","fields":[{"id":12,"value":"gold"}],"subscribe":[{"listid":3}],"phone":4155550100}"#)
        #expect(r.fields == [KeyValue("12", "gold")])
        #expect(r.subscribe == [3])
        #expect(r.phone == "4155550100")
    }

    /// Hand-written records give one tag or one list id without its list.
    @Test func oneTagOrListIdWithoutItsListIsAListOfOne() throws {
        let r = try ContactRecord.decode(jsonLine: #"{"email":"a@b.co","tags":"vip","subscribe":3,"unsubscribe":"4"}"#)
        #expect(r.tags == ["vip"])
        #expect(r.subscribe == [3] && r.unsubscribe == [4])
        #expect(try ContactRecord.decode(jsonLine: #"{"email":"a@b.co","tags":"","subscribe":null}"#).tags == [])
    }

    /// A line that is a JSON object but not a record is still rejected, with what it held: its
    /// own `_src` (the rejects stream says where it came from) and its values in `_extra`.
    @Test func aMalformedRecordKeepsItsSourceAndValues() throws {
        let line = #"{"email":"d@x.com","first_name":{"x":1},"notes":[1,2],"_src":{"file":"crm.csv","record":4,"line":5},"_notes":7}"#
        let e = try #require(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: line) }
        let r = try #require(e.salvaged)
        #expect(r.source == Provenance(file: "crm.csv", record: 4, line: 5))
        #expect(r.email == "d@x.com")
        #expect(r.extra == [KeyValue("first_name", #"{"x":1}"#), KeyValue("notes", "[1,2]")])
        #expect(try #require(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: #"{"email":"a"#) }.salvaged == nil)
    }

    /// "expected a string" alone does not say which member was off-type: the error names it
    /// (at most 60 characters of it), and only when the problem is inside a member's value.
    @Test func anOffTypeValueNamesItsKey() throws {
        let e = try #require(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: #"{"email":"a@x.com","first_name":["x"]}"#) }
        #expect(e.message == #"expected a string in the value of "first_name""#)
        #expect((33...38).contains(e.column))  // inside the value `["x"]`
        let long = String(repeating: "k", count: 100)
        let l = try #require(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: #"{"email":"a@x.com","_notes":{"\#(long)":1}}"#) }
        #expect(l.message.hasSuffix(#"in the value of "_notes""#))
        let after = try #require(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: #"{"email":"a@x.com"} x"#) }
        #expect(after.message == "unexpected text after the record")
        let bad = try #require(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: #"{"\#(long)":{"x":}}"#) }
        #expect(bad.message.hasSuffix("in the value of \"" + String(repeating: "k", count: 60) + "…\""))
    }

    @Test func unknownColumnsGoToExtra() throws {
        let r = try ContactRecord.decode(jsonLine: #"{"email":"a@b.co","Favourite":"tea","_future":1}"#)
        #expect(r.extra == [KeyValue("Favourite", "tea")])
    }

    @Test(arguments: [#"{"email":"a"#, #"{"email":1,}"#, "[]", #"{"a":"\ud800"}"#, #"{"_reject":{"stage":"x"}}"#])
    func malformedLinesAreErrorsNotCrashes(_ line: String) {
        #expect(throws: RecordDecodingError.self) { try ContactRecord.decode(jsonLine: line) }
    }

    @Test func roundTripsArbitraryStrings() async {
        await propertyCheck(count: 300, input: Gen.character(in: "\u{1}"..."\u{2FFF}").string(of: 0...20), Gen.character(in: "\u{1}"..."\u{2FFF}").string(of: 0...20)) { a, b in
            var r = ContactRecord.fixture(email: a, firstName: b, tags: [a, b])
            r.extra = [KeyValue(b, a)]
            let back = try? ContactRecord.decode(jsonLine: r.jsonLine)
            var expected = r
            expected.email = a.isEmpty ? nil : a
            expected.firstName = b.isEmpty ? nil : b
            #expect(back == expected)
        }
    }

    /// The escaping of the contract, byte by byte: the reference for the word-at-a-time writer.
    static func referenceEscaped(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    @Test func escapesLongMostlyCleanStringsExactlyAndReadsThemBack() async {
        // Long runs of clean ASCII with the bytes to escape at every offset, so both the
        // eight-byte skip and the byte loop after it are exercised.
        let alphabet: [String] = ["a", "b", "Z", "0", "@", ".", "é", "\"", "\\", "\n", "\u{1}", "\u{1F}", "\t"]
        let gen = Gen<String?>.element(of: alphabet + Array(repeating: "x", count: 20)).map { $0 ?? "" }.array(of: 0...40).map { $0.joined() }
        await propertyCheck(count: 400, input: gen) { text in
            var w = JSONWriter()
            w.string(text)
            #expect(String(decoding: w.bytes, as: UTF8.self) == Self.referenceEscaped(text))
            let read = w.bytes.withUnsafeBufferPointer { p -> String? in
                var scanner = JSONScanner(p)
                return try? scanner.string()
            }
            #expect(read == text)
        }
    }
}

/// Findings of the fuzzers, kept as fixtures (Fixtures/regressions/).
struct JSONLinesRegressionTests {
    @Test("fuzz finding: an empty email reads as absent, so the round trip is stable")
    func emptyPropertiesReadAsAbsent() throws {
        let text = try String(contentsOfFile: PackagePaths.fixture("ListwashCoreTests", "regressions/jsonl-empty-email-roundtrip.jsonl"), encoding: .utf8)
        let line = String(text.split(separator: "\n")[0])
        let r = try ContactRecord.decode(jsonLine: line)
        #expect(r.email == nil)
        #expect(try ContactRecord.decode(jsonLine: r.jsonLine) == r)
    }
}

/// ``ContactRecord/isUnchangedSinceDecoding``: what lets a stage command pass a line through.
struct UnchangedSinceDecodingTests {
    static let line = #"{"email":"a@x.com","tags":["t"],"_src":{"file":"f.csv","record":1,"line":2}}"#

    @Test func aDecodedRecordWithItsOwnSourceIsUnchangedUntilChanged() throws {
        var r = try ContactRecord.decode(jsonLine: Self.line)
        #expect(r.isUnchangedSinceDecoding)
        let copy = r
        r.tags.append("u")
        #expect(!r.isUnchangedSinceDecoding)
        #expect(copy.isUnchangedSinceDecoding && copy.storageIdentity != r.storageIdentity)
        var same = copy
        same.email = "a@x.com"  // even writing the same value counts as a change
        #expect(!same.isUnchangedSinceDecoding)
    }

    @Test func aRecordWithoutItsOwnSourceOrMadeInCodeIsNot() throws {
        #expect(try !ContactRecord.decode(jsonLine: #"{"email":"a@x.com"}"#).isUnchangedSinceDecoding)
        #expect(!ContactRecord(email: "a@x.com", source: Provenance(file: "f", record: 1, line: 1)).isUnchangedSinceDecoding)
    }

    @Test func rejectingIsAChange() throws {
        let r = try ContactRecord.decode(jsonLine: Self.line)
        let rejected = r.rejected(Reject(code: .emailInvalid, stage: "t", reason: "r"))
        #expect(!rejected.isUnchangedSinceDecoding)
    }
}

/// Strings in a line must be valid UTF-8: nothing is replaced, the line is refused instead.
struct JSONStringUTF8Tests {
    static func line(_ emailBytes: [UInt8]) -> [UInt8] {
        Array(#"{"first_name":"x","email":""#.utf8) + emailBytes + Array(#"","_src":{"file":"f","record":1,"line":1}}"#.utf8)
    }

    static func decode(_ bytes: [UInt8]) throws(RecordDecodingError) -> ContactRecord {
        try bytes.withUnsafeBufferPointer { (p) throws(RecordDecodingError) in
            try ContactRecord.decode(jsonLine: p, fallback: Provenance(file: "-", record: 1, line: 1))
        }
    }

    @Test(arguments: [
        Array("zoé@q.io".utf8), Array("a-very-long-local-part-é-with-more-than-eight@x.io".utf8),
        Array("日本@例え.jp".utf8), Array("😀@x.io".utf8),
    ])
    func validMultibyteTextIsKept(_ email: [UInt8]) throws {
        #expect(try Self.decode(Self.line(email)).email == String(decoding: email, as: UTF8.self))
    }

    @Test(arguments: [
        [0xC3, 0x28] as [UInt8],                                  // a lead byte without its continuation
        [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xFF],  // 0xFF after an 8-byte clean run
        [0xED, 0xA0, 0x80],                                       // an encoded surrogate
        [0xC0, 0xAF],                                             // an overlong '/'
        [0xEF, 0xBF, 0xBD, 0x80],                                 // U+FFFD then a stray continuation
    ])
    func invalidUTF8IsAnErrorNotAReplacement(_ bad: [UInt8]) {
        #expect(throws: RecordDecodingError.self) { _ = try Self.decode(Self.line(Array("a".utf8) + bad + Array("@x.io".utf8))) }
    }
}
