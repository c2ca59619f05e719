import Foundation
import PropertyBased
import Testing
@testable import ListwashCore

/// The hand-written UTF-8 check agrees with the standard library's on any bytes.
struct UTF8ValidityTests {
    /// Bytes around every boundary of the well-formed table: lead bytes, continuation bytes,
    /// the overlong and surrogate edges, and ASCII.
    static let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                       0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]

    @Test func agreesWithTheStandardLibraryOnRandomBytes() async {
        let gen = Gen<UInt8?>.element(of: Self.interesting).map { $0 ?? 0 }.array(of: 0...8)
        await propertyCheck(count: 3000, input: gen) { bytes in
            let ours = bytes.withUnsafeBufferPointer { UTF8Validity.isValid($0) }
            #expect(ours == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test(arguments: ["plain", "café", "日本語", "😀", "\u{10FFFF}", "\u{D7FF}\u{E000}"])
    func acceptsWellFormedText(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { UTF8Validity.isValid($0) })
    }

    @Test(arguments: [[0xC0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]] as [[UInt8]])
    func refusesIllFormedSequences(_ bytes: [UInt8]) {
        #expect(!bytes.withUnsafeBufferPointer { UTF8Validity.isValid($0) })
    }
}

/// ``JSONScanner/skipStringish()`` accepts and refuses exactly what ``JSONScanner/stringish()``
/// does, and stops at the same place; ``JSONScanner/skipString()`` the same for ``JSONScanner/string()``.
struct SkipStringishTests {
    static let pieces: [String] = ["a", "Z", "@", " ", "é", "😀", "\"", "\\", "\\n", "\\u00e9", "\\ud800", "\\ud83d\\ude00",
                                   "\\x", "\u{1}", "1", "-", ".", "e", "true", "null", "[", "{", "}", ",", "xxxxxxxx"]

    static func outcome(_ bytes: [UInt8], skip: Bool, strict: Bool = false) -> Int? {
        bytes.withUnsafeBufferPointer { p -> Int? in
            var s = JSONScanner(p)
            do {
                switch (skip, strict) {
                case (true, false): try s.skipStringish()
                case (false, false): _ = try s.stringish()
                case (true, true): try s.skipString()
                case (false, true): _ = try s.string()
                }
                return s.position
            } catch {
                return nil
            }
        }
    }

    @Test func agreesWithStringishOnRandomValues() async {
        let gen = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...12).map { $0.joined() }
        await propertyCheck(count: 3000, input: gen, Gen.int(in: 0...3)) { body, shape in
            // Mostly strings (quoted, some unterminated), sometimes bare values.
            let text = shape == 0 ? body : shape == 3 ? "\"" + body : "\"" + body + "\"" + (shape == 2 ? ",\"k\":1}" : "")
            let bytes = Array(text.utf8)
            #expect(Self.outcome(bytes, skip: true) == Self.outcome(bytes, skip: false), "\(text)")
            // skipString() and string(), which refuse numbers and booleans, agree the same way.
            #expect(Self.outcome(bytes, skip: true, strict: true) == Self.outcome(bytes, skip: false, strict: true), "\(text)")
        }
    }

    @Test func refusesInvalidUTF8LikeTheStringReader() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect(Self.outcome(bytes, skip: true) == nil)
        #expect(Self.outcome(bytes, skip: false) == nil)
    }
}

/// Decoding with only some properties wanted reads or refuses a line exactly as the whole
/// decode does, and gives the same record without the unwanted properties.
struct PartialDecodeTests {
    static let fragments: [String] = [
        #""email":"Ann@X.com""#, #""email":"""#, #""email":null"#, #""email":12"#, #""email":["a"]"#,
        #""first_name":"Zoë""#, #""first_name":"B\u00f6\n""#, #""first_name":true"#, #""first_name":{}"#,
        #""last_name":"O'Brien""#, #""phone":5551234"#, #""phone":"+1 555""#, #""customer_acct_name":"Acme \"Inc\"""#,
        #""tags":["a","b"]"#, #""tags":[1,"x",null]"#, #""tags":null"#, #""tags":[{}]"#, #""tags":"a""#,
        #""_src":{"file":"f.csv","record":3,"line":4}"#, #""_reject":{"code":"x","stage":"s","reason":"r"}"#,
        #""fields":{"3":"gold"}"#, #""Other":"v""#, #""_future":[1,{"a":2}]"#, #""last_name":"\ud800""#,
        #""_reject":{"code":"c","stage":"s","reason":"'a' is \"dup\" of f.csv:2","fix":"do x","into":{"file":"f.csv","record":1,"line":2}}"#,
        #""_reject":{"code":"c","stage":"s","reason":"r","fix":null,"column":4}"#,
        #""_reject":{"code":"c","stage":"s","reason":5}"#, #""_reject":{"code":"c","stage":"s","reason":"r","fix":7}"#,
        #""_reject":{"code":"c","stage":"s","reason":"\ud800"}"#, #""_reject":{"code":"c","stage":"s","reason":"r","fix":"é\u00e9"}"#,
    ]

    static func decode(_ line: String, wanted: RecordFieldSet) -> ContactRecord? {
        Array(line.utf8).withUnsafeBufferPointer { p in
            try? ContactRecord.decode(jsonLine: p, fallback: Provenance(file: "-", record: 1, line: 1), wanted: wanted)
        }
    }

    @Test func agreesWithTheWholeDecode() async {
        let gen = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }.array(of: 0...6)
        let wants: [RecordFieldSet] = [[], .email, [.email, .firstName], [.phone, .tags], .customerAcctName, .all]
        await propertyCheck(count: 2000, input: gen, Gen.int(in: 0...(wants.count - 1))) { members, w in
            let line = "{" + members.joined(separator: ",") + "}"
            let wanted = wants[w]
            let whole = Self.decode(line, wanted: .all)
            let part = Self.decode(line, wanted: wanted)
            #expect((whole == nil) == (part == nil), "\(line)")
            guard var expected = whole, let part else { return }
            if !wanted.contains(.email) { expected.email = nil }
            if !wanted.contains(.firstName) { expected.firstName = nil }
            if !wanted.contains(.lastName) { expected.lastName = nil }
            if !wanted.contains(.phone) { expected.phone = nil }
            if !wanted.contains(.customerAcctName) { expected.customerAcctName = nil }
            if !wanted.contains(.tags) { expected.tags = [] }
            if expected.reject != nil && wanted != .all {
                expected.reject!.reason = ""
                expected.reject!.fix = nil
            }
            #expect(part == expected, "\(line)")
            #expect(part.isUnchangedSinceDecoding == whole!.isUnchangedSinceDecoding)
        }
    }
}

/// ``RecordStream/next(wanting:offering:)``: records decoded in part only when their line says all.
struct RecordStreamWantingTests {
    static func stream(_ text: String) throws -> (RecordStream, String) {
        let path = NSTemporaryDirectory() + "listwash-wanting-\(UUID().uuidString).jsonl"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let input = try ByteInput(path: path)
        return (RecordStream(input: input, stage: "exclude", keepsLines: true), path)
    }

    @Test func partialRecordsComeWithTheirLineAndDecodeWhole() throws {
        let own = #"{"email":"a@x.com","first_name":"Ann","tags":["t"],"_src":{"file":"f.csv","record":1,"line":2}}"#
        let handMade = #"{"email":"b@x.com","first_name":"Bea"}"#
        let malformed = #"{"email":"c@x.com","first_name":5x}"#
        var (s, path) = try Self.stream([own, handMade, malformed].joined(separator: "\n") + "\n")
        defer { unlink(path) }

        let first = try #require(try s.next(wanting: .email))
        #expect(first.email == "a@x.com" && first.firstName == nil && first.tags.isEmpty)
        #expect(s.lastLine == Array(own.utf8))
        let whole = try s.fullRecordOfLastLine()
        #expect(whole.firstName == "Ann" && whole.tags == ["t"] && whole.source.line == 2)

        // No `_src` of its own: decoded whole at once (its fallback provenance is not in the line).
        let second = try #require(try s.next(wanting: .email))
        #expect(second.firstName == "Bea" && !second.isUnchangedSinceDecoding)

        // Not a record: the whole decode's reject, with its column.
        let third = try #require(try s.next(wanting: .email))
        #expect(third.reject?.code == .rowMalformed)
        #expect(third.reject?.column == 34)
        #expect(try s.next(wanting: .email) == nil)
    }

    /// ``RecordStream/nextGlanced(taking:)``: plain lines are offered to `take` with their own
    /// bytes; a line taken is never returned, one left comes back as a glance with its line in
    /// `lastLine`, and any other line comes back decoded. Every line is offered or returned once.
    @Test func takenLinesAreDoneWithAndTheRestComeBack() throws {
        let line = { (email: String, n: Int) in #"{"email":"\#(email)","_src":{"file":"f.csv","record":\#(n),"line":\#(n + 1)}}"# }
        let handMade = #"{"email":"h@x.com"}"#
        let lines = [line("a@x.com", 1), line("b@x.com", 2), handMade, line("c@x.com", 3), "", line("d@x.com", 4)]
        var (s, path) = try Self.stream(lines.joined(separator: "\n") + "\n")
        defer { unlink(path) }

        var offered: [String] = []
        var returned: [String] = []
        while true {
            let next = try s.nextGlanced { g, bytes in
                let email = String(decoding: bytes[try #require(g.email)], as: UTF8.self)
                offered.append(email)
                #expect(Array(bytes) == Array(line(email, g.source.record).utf8))
                return email != "c@x.com"  // takes every plain line but c's
            }
            guard let next else { break }
            switch next {
            case .glance:
                #expect(s.glance.source.record == 3)
                #expect(s.lastLine == Array(line("c@x.com", 3).utf8))
                returned.append("c@x.com")
            case .record(let r):
                returned.append(r.email ?? "-")
            }
        }
        #expect(offered == ["a@x.com", "b@x.com", "c@x.com", "d@x.com"])
        #expect(returned == ["h@x.com", "c@x.com"])
    }
}

/// ``RecordGlance``: a line glanced at is one the decode in part reads, with the same email,
/// `_src` and reject; the lines listwash writes for plain records are glanced at.
struct RecordGlanceTests {
    static func glance(_ line: String) -> (RecordGlance, email: String?)? {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBufferPointer { p in
            RecordGlance.read(p, files: FileNameCache()).map { g in (g, g.email.map { String(decoding: p[$0], as: UTF8.self) }) }
        }
    }

    @Test func agreesWithTheDecodeInPart() async {
        let extra = [#""email":"b@y.org""#, #""email":"""#, #""email":"é@x.com""#, #""email":"a\u0040x.com""#,
                     #""_reject":null"#, #""_src":{"file":"g.csv","record":9,"line":10}"#]
        let gen = Gen<String?>.element(of: PartialDecodeTests.fragments + extra).map { $0 ?? "" }.array(of: 0...6)
        let tally = Tally()
        await propertyCheck(count: 3000, input: gen) { members in
            let line = "{" + members.joined(separator: ",") + "}"
            guard let (g, email) = Self.glance(line) else { return }
            tally.glanced += 1
            let part = PartialDecodeTests.decode(line, wanted: .email)
            #expect(part != nil, "\(line)")
            guard let part else { return }
            #expect(part.isUnchangedSinceDecoding, "\(line)")
            #expect(email == part.email, "\(line)")
            #expect(g.source == part.source, "\(line)")
            #expect(g.reject == part.reject, "\(line)")
        }
        // About one line in thirty is glanced at (97 to 124 seen in nine runs); far fewer means the
        // generator stopped making plain lines and the check above proves little.
        #expect(tally.glanced > 40)
    }

    final class Tally: @unchecked Sendable { var glanced = 0 }

    @Test(arguments: [
        ContactRecord(email: "ann@x.com", firstName: "Zoë", lastName: "O'Brien", phone: "+1 555", customerAcctName: "Acme \"Inc\"",
                      tags: ["a", "b"], source: Provenance(file: "dir/f.csv", record: 3, line: 4)),
        ContactRecord(email: "bo@x.com", source: Provenance(file: "-", record: 1, line: 1))
            .rejected(Reject(code: .duplicateMerged, stage: "dedupe", reason: "r", fix: "f", into: Provenance(file: "-", record: 1, line: 1))),
        ContactRecord(firstName: "No Email", source: Provenance(file: "f", record: 2, line: 2)),
    ])
    func listwashsOwnLinesAreGlancedAt(_ r: ContactRecord) throws {
        let (g, email) = try #require(Self.glance(r.jsonLine))
        #expect(email == r.email)
        #expect(g.source == r.source)
        #expect(g.reject?.code == r.reject?.code && g.reject?.stage == r.reject?.stage && g.reject?.into == r.reject?.into)
    }

    @Test(arguments: [
        #"{"email":"a@x.com"}"#,                                                          // no _src of its own
        #"{"email":"a@x.com","_notes":[],"_src":{"file":"f","record":1,"line":1}}"#,      // a member left to the decode
        #"{"email":"a@x.com","_src":{"file":"f","record":1,"line":1}} x"#,                // not a record
        #"{"email":"a@x.com","first_name":5x,"_src":{"file":"f","record":1,"line":1}}"#,  // not a record
    ])
    func otherLinesAreLeftToTheDecode(_ line: String) {
        #expect(Self.glance(line) == nil)
    }
}
