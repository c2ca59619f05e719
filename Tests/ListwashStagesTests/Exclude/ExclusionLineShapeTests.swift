import Foundation
import ListwashCore
@testable import ListwashStages
import ListwashTestSupport
import Testing

/// Exclusion lists as people paste them together: quotes, angle brackets, display names,
/// `mailto:`, a trailing ';', a second column. Each line once became an entry that matched no
/// address, silently; now the address in it is the entry, with a warning that says so.
struct ExclusionLineShapeTests {
    @Test func theAddressInAPastedLineIsTheEntry() throws {
        let f = try ExclusionFiles()
        // Enough plain lines around them that the shapes meet the one-pass reader too.
        var text = "plain@x.com\n"
        text += "u1@x.com,bounced\n\"u2@x.com\"\n<u3@x.com>\nmailto:U4@x.com\nu5@x.com;\nJohn Doe <u6@x.com>\nu7@x.com\t2024-01-01\n'u8@x.com'\n"
        text += "o'brien@x.com\n"
        try f.write("unsubscribed.txt", text)
        let stage = try f.stage([("file", .scalar("unsubscribed.txt"))])
        let addresses = ["plain@x.com"] + (1...8).map { "u\($0)@x.com" } + ["o'brien@x.com", "kept@x.com"]
        let (out, ledger) = runStage(stage, emails(addresses))
        #expect(out.filter { $0.reject?.code == .excludedExact }.count == 10)
        #expect(out.last?.reject == nil)
        #expect(out[1].reject?.match?.line == 2)
        #expect(ledger.isBalanced)
        let warned = f.context.warnings.filter { $0.code == "exclusion_entry_extracted" }
        #expect(!warned.isEmpty)
        #expect(warned.first?.message.contains("read as 'u1@x.com'") == true)
    }

    /// `*@domain`, the wildcard form many suppression lists use, is a domain entry (read as an
    /// address it matched nothing, and the domain's contacts were imported); `*@*.domain` is
    /// every subdomain; any other `*` is a plain character, with a warning.
    @Test func wildcardEntriesAreDomainsAndSubdomains() throws {
        let f = try ExclusionFiles()
        try f.write("suppress.txt", "plain@x.com\n*@example.net\n  *@Sub.Example.ORG  \n*@*.corp.example\njohn*@x.com\n")
        let stage = try f.stage([("file", .scalar("suppress.txt"))])
        let addresses = ["a@example.net", "b@deep.example.net", "c@sub.example.org", "d@a.corp.example", "e@corp.example",
                         "john@x.com", "john*@x.com", "kept@x.com"]
        let (out, ledger) = runStage(stage, emails(addresses))
        #expect(out.map(\.reject?.code) == [.excludedDomain, nil, .excludedDomain, .excludedSuffix, nil, nil, .excludedExact, nil])
        #expect(out[0].reject?.match?.line == 2)
        #expect(ledger.isBalanced)
        let warned = f.context.warnings.filter { $0.code == "exclusion_entry_wildcard" }
        #expect(warned.count == 1 && warned.first?.message.contains("'john*@x.com'") == true)
    }

    /// A warning shows a long entry's start, not all of it (a 1 MB line was repeated twice).
    @Test func aWarningShowsTheStartOfALongEntry() throws {
        let f = try ExclusionFiles()
        try f.write("long.txt", String(repeating: "é", count: 500_000) + "\nplain@x.com\n")
        _ = try f.stage([("file", .scalar("long.txt"))])
        let warned = try #require(f.context.warnings.first { $0.code == "exclusion_entry_no_at" })
        #expect(warned.message.count < 200 && warned.message.contains("… (1000000 bytes)"), "\(warned.message.prefix(300))")
        #expect((warned.fix ?? "").count < 200)
    }

    @Test(arguments: [("jane@x.com", nil), ("Jane <jane@x.com>", "jane@x.com"), ("mailto:jane@x.com", "jane@x.com"),
                      ("jane@x.com, 2024", "jane@x.com"), ("\"jane@x.com\";", "jane@x.com"), ("no address here", nil)] as [(String, String?)])
    func addressRange(line: String, address: String?) {
        let bytes = Array(line.utf8)
        let found = bytes.withUnsafeBufferPointer { p in ExclusionLoader.addressRange(in: p).map { String(decoding: p[$0], as: UTF8.self) } }
        #expect(found == address)
    }
}
