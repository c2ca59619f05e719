import Foundation
import PropertyBased
import Testing
@testable import ListwashCore

/// ``JSONEscaping/escapeMask(_:)`` points at the first byte JSON escapes, which the scanner
/// jumps to instead of walking the clean bytes before it.
struct EscapeMaskTests {
    /// Bytes on both sides of every edge the word tricks test: controls, space, quote,
    /// backslash, DEL, and bytes with the high bit set.
    static let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x41, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA0, 0xA2, 0xDC, 0xFF]

    static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }

    @Test func findsTheFirstByteToEscapeInAnyWord() async {
        let gen = Gen<UInt8?>.element(of: Self.interesting).map { $0 ?? 0 }.array(of: 8...8)
        await propertyCheck(count: 5000, input: gen) { bytes in
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let mask = JSONEscaping.escapeMask(word)
            if let first = bytes.firstIndex(where: Self.needsEscape) {
                #expect(mask.trailingZeroBitCount >> 3 == first, "\(bytes.map { String($0, radix: 16) })")
            } else {
                #expect(mask == 0, "\(bytes.map { String($0, radix: 16) })")
            }
        }
    }

    @Test func keepsTheBytesBelowAnOffset() {
        #expect(ByteWord.prefix(0) == 0)
        #expect(ByteWord.prefix(1) == 0xFF)
        #expect(ByteWord.prefix(7) == 0x00FF_FFFF_FFFF_FFFF)
    }

    /// Strings whose quote, escape or non-ASCII byte falls at every offset of a word read
    /// back exactly, through both the raw path (keys, file names) and the decoding one.
    @Test func stringsWithTheirSpecialByteAtEveryOffsetReadBack() throws {
        for length in 0..<20 {
            for special in ["", "\\\"", "\\\\", "\\n", "é", "\\u00e9"] {
                for at in 0...length {
                    let plain = String(repeating: "a", count: length)
                    let body = String(plain.prefix(at)) + special + String(plain.dropFirst(at))
                    let json = "{\"email\":\"\(body)\",\"_src\":{\"file\":\"\(body)\",\"record\":1,\"line\":2}}"
                    let r = try ContactRecord.decode(jsonLine: json)
                    var w = JSONWriter()
                    w.string(r.email ?? "")
                    #expect(String(decoding: w.bytes, as: UTF8.self) == "\"\(body.replacingOccurrences(of: "\\u00e9", with: "é"))\"")
                    #expect(r.source.file == (r.email ?? ""))
                }
            }
        }
    }
}

/// The properties most records lack live in a box of their own (``ContactRecord/Storage``):
/// it is made on the first change, copied with the record, and the reject flag follows it.
struct RarePropertiesTests {
    let source = Provenance(file: "a.csv", record: 1, line: 2)

    @Test func aRecordWithoutRarePropertiesHasNoBoxAndReadsThemEmpty() {
        let r = ContactRecord(email: "a@b.co", source: source)
        #expect(r.storage.rare == nil)
        #expect(r.extra.isEmpty && r.notes.isEmpty && r.fields.isEmpty && r.fullName == nil && r.reject == nil)
        #expect(!r.isRejected)
    }

    @Test func changingACopyLeavesTheOriginalAlone() {
        var a = ContactRecord(email: "a@b.co", source: source, extra: [KeyValue("x", "1")])
        let b = a
        a.extra.append(KeyValue("y", "2"))
        a.notes.append(Note(code: "n", message: "m"))
        #expect(b.extra == [KeyValue("x", "1")])
        #expect(b.notes.isEmpty)
        #expect(a.extra.count == 2 && a.notes.count == 1)
        #expect(a.storage.rare !== b.storage.rare)
    }

    @Test func theRejectFlagFollowsEveryWayOfSettingIt() {
        var r = ContactRecord(email: "a@b.co", source: source)
        r.reject = Reject(code: .emailInvalid, stage: "t", reason: "r")
        #expect(r.isRejected)
        r.reject = nil
        #expect(!r.isRejected)
        r.reject = Reject(code: .emailInvalid, stage: "t", reason: "r")
        r.reject?.fix = "f"
        #expect(r.isRejected && r.reject?.fix == "f")
        r.reject?.fix = nil
        #expect(r.isRejected)
        let made = ContactRecord(email: "a@b.co", source: source, reject: Reject(code: .emailMissing, stage: "t", reason: "r"))
        #expect(made.isRejected)
    }

    @Test func equalRecordsAreEqualWithOrWithoutAnEmptyBox() {
        var a = ContactRecord(email: "a@b.co", source: source)
        a.extra = []
        let b = ContactRecord(email: "a@b.co", source: source)
        #expect(a.storage.rare != nil && b.storage.rare == nil)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.jsonLine == b.jsonLine)
    }
}

/// ``JSONWriter/int(_:)`` and ``JSONWriter/member(_:first:)`` write what the slower forms did.
struct JSONWriterFastPathTests {
    @Test(arguments: [0, 7, 9, 10, 99, 100, 12345, 1_000_000, Int.max, -1, -10, Int.min])
    func writesIntegersAsDecimalText(_ n: Int) {
        var w = JSONWriter()
        w.int(n)
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(n))
    }

    @Test func leavesTheCommaOutForTheFirstMemberOnly() {
        var w = JSONWriter()
        var first = true
        w.byte(UInt8(ascii: "{"))
        w.member(",\"a\":", first: &first); w.int(1)
        w.member(",\"b\":", first: &first); w.int(2)
        w.byte(UInt8(ascii: "}"))
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"a":1,"b":2}"#)
    }
}

/// `_src` as listwash writes it, for the file named on the line before, is read as bytes
/// (``FileNameCache/sourcePrefix``); every other spelling takes the general read. Both must
/// give the same record, the same error, and the same column.
struct SourceFastPathTests {
    static let sources = [
        #"{"file":"a.csv","record":7,"line":8}"#,
        #"{"file":"a.csv","record":"7","line":8}"#,
        #"{"file":"a.csv","record":7,"record":9,"line":8}"#,
        #"{"file":"a.csv","line":8,"record":7}"#,
        #"{"file":"a.csv", "record":7,"line":8}"#,
        #"{"file":"a.csv","record":7,"line":8 }"#,
        #"{"file":"a.csv","record":7,"line":8,"x":1}"#,
        #"{"file":"a.csv","record":7}"#,
        #"{"file":"a.csv","record":x,"line":8}"#,
        #"{"file":"a.csv","record":7,"line":}"#,
        #"{"file":"a.csv","record":7,"line":8"#,
        #"{"file":"a.csvx","record":7,"line":8}"#,
        #"{"file":"b.csv","record":1,"line":2}"#,
        #"{"file":"a.cs","record":7,"line":8}"#,
    ]

    static func decode(_ line: String, files: FileNameCache?) -> Result<ContactRecord, RecordDecodingError> {
        Array(line.utf8).withUnsafeBufferPointer { p in
            Result { () throws(RecordDecodingError) in
                try ContactRecord.decode(jsonLine: p, fallback: Provenance(file: "-", record: 0, line: 0), files: files)
            }
        }
    }

    @Test(arguments: sources)
    func aSourceReadsTheSameWithTheCacheAsWithout(_ source: String) {
        let files = FileNameCache()
        // The line before names a.csv, so the cache holds its prefix.
        _ = Self.decode(#"{"email":"x@y.z","_src":{"file":"a.csv","record":1,"line":2}}"#, files: files)
        let line = #"{"email":"ann@x.com","_src":"# + source + "}"
        let cached = Self.decode(line, files: files)
        let general = Self.decode(line, files: nil)
        switch (cached, general) {
        case (.success(let a), .success(let b)):
            #expect(a == b)
            #expect(a.source == b.source)
        case (.failure(let a), .failure(let b)):
            #expect(a.column == b.column)
            #expect(a.message == b.message)
        default:
            Issue.record("\(source): \(cached) vs \(general)")
        }
    }
}
