import Foundation
import ListwashCore
import ListwashTestSupport
import Testing

/// `dedupe` and `exclude` as commands read most lines in part (only the email) and pass them
/// on as read; the records they act on are read whole, so nothing of them is lost.
struct PassThroughDecidingTests {
    static let survivor = #"{"email":"ann@x.com","first_name":"Ann","tags":["keep"],"_src":{"file":"a.csv","record":1,"line":2}}"#
    static let duplicate = #"{"email":"ANN@x.com","first_name":"Zoë \"Z\"","phone":"+1 555","tags":["later","vip"],"_src":{"file":"a.csv","record":2,"line":3}}"#
    static let excluded = #"{"email":"gone@x.com","last_name":"O\u2019Brien","customer_acct_name":"Acme","tags":["t"],"_src":{"file":"a.csv","record":3,"line":4}}"#
    /// A value dedupe and exclude never read is still checked: not a record.
    static let badName = #"{"email":"dee@x.com","first_name":["not","text"],"_src":{"file":"a.csv","record":4,"line":5}}"#
    static let badUTF8: [UInt8] = Array(#"{"email":"eve@x.com","last_name":""#.utf8) + [0xC3, 0x28] + Array(#"","_src":{"file":"a.csv","record":5,"line":6}}"#.utf8)

    static var input: Data {
        var d = Data(([survivor, duplicate, excluded, badName].joined(separator: "\n") + "\n").utf8)
        d.append(contentsOf: badUTF8 + [0x0A])
        return d
    }

    private func lines(_ r: CommandResult) -> [String] {
        r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func dedupeReadsTheDuplicateWholeForItsReject() throws {
        let r = try Listwash.run(["dedupe", "--union=false"], stdin: Self.input)
        #expect(r.status == 0, "\(r.stderr)")
        let out = lines(r)
        #expect(out.count == 5)
        #expect(out[0] == Self.survivor)
        let dup = try ContactRecord.decode(jsonLine: out[1])
        #expect(dup.reject?.code == .duplicateMerged)
        #expect(dup.firstName == "Zoë \"Z\"" && dup.phone == "+1 555" && dup.tags == ["later", "vip"])
        #expect(dup.notes.contains { $0.code == "duplicate_not_unioned" && $0.message.contains("'later', 'vip'") })
        #expect(out[2] == Self.excluded)
        for bad in out[3...4] {
            #expect(try ContactRecord.decode(jsonLine: bad).reject?.code == .rowMalformed, "\(bad)")
        }
        #expect(r.stderr.contains("in 5 = out 2 + rejected 3"))
    }

    @Test func excludeReadsTheExcludedRecordWhole() throws {
        let r = try Listwash.run(["exclude", "--entry", "gone@x.com"], stdin: Self.input)
        #expect(r.status == 0, "\(r.stderr)")
        let out = lines(r)
        #expect(out.count == 5)
        #expect(out[0] == Self.survivor && out[1] == Self.duplicate)
        let gone = try ContactRecord.decode(jsonLine: out[2])
        #expect(gone.reject?.code == .excludedExact)
        #expect(gone.lastName == "O\u{2019}Brien" && gone.customerAcctName == "Acme" && gone.tags == ["t"])
        #expect(try ContactRecord.decode(jsonLine: out[3]).reject?.reason.contains("column") == false)
        for bad in out[3...4] {
            #expect(try ContactRecord.decode(jsonLine: bad).reject?.code == .rowMalformed, "\(bad)")
        }
    }

    /// The same input through `normalize` (which reads every record whole) meets the same two
    /// malformed lines with the same messages.
    @Test func malformedLinesGetTheWholeDecodersMessage() throws {
        let partial = try Listwash.run(["exclude", "--entry", "gone@x.com"], stdin: Self.input)
        let whole = try Listwash.run(["normalize"], stdin: Self.input)
        func reasons(_ r: CommandResult) throws -> [String] {
            try lines(r).map { try ContactRecord.decode(jsonLine: $0) }.filter { $0.reject?.code == .rowMalformed }.map { $0.reject!.reason }
        }
        #expect(try reasons(partial).count == 2)
        #expect(try reasons(partial) == reasons(whole))
    }
}
