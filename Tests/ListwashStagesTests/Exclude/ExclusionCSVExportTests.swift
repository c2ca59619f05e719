import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

/// Unsubscribe and suppression exports as the tools write them: Mailchimp's unsubscribe reason
/// with a line break in it, a CRM export whose postal 'Address' column comes before 'Email', and
/// a plain list whose first line is its one column's header.
struct ExclusionCSVExportTests {
    /// Mailchimp's unsubscribed export: the free-text reason holds a line break (and an address).
    /// Read line by line, the text after the break became an entry of its own.
    @Test func aLineBreakInAQuotedReasonStaysInItsRecord() throws {
        let f = try ExclusionFiles()
        try f.write("mc-unsubscribed.csv", """
            Email Address,First Name,UNSUB_TIME,UNSUB_REASON_OTHER,LEID
            MC.Unsub@Hotmail.com,Mc,2025-06-01,"Too many emails.
            Also: list@unwanted.example, please stop",123
            second@x.com,Sec,2025-06-02,,124

            """)
        let stage = try f.stage([("file", .scalar("mc-unsubscribed.csv"))])
        let (out, ledger) = runStage(stage, emails(["mc.unsub@hotmail.com", "list@unwanted.example", "second@x.com"]))
        #expect(out.map(\.reject?.code) == [.excludedExact, nil, .excludedExact])
        #expect(out[0].reject?.match?.line == 2)
        #expect(out[2].reject?.match?.line == 4)
        #expect(ledger.isBalanced)
        #expect(f.context.warnings.isEmpty, "\(f.context.warnings)")
    }

    /// The address column after a field with a line break: it was lost, and the person who
    /// unsubscribed was imported, with only 'row has no value in the email column' said.
    @Test func anAddressAfterAQuotedLineBreakIsAnEntry() throws {
        let f = try ExclusionFiles()
        try f.write("unsub.csv", "Name,Notes,Email\r\nJane,\"called us\r\nasked to stop\",jane@x.com\r\nJoe,,joe@x.com\r\n")
        let stage = try f.stage([("file", .scalar("unsub.csv"))])
        let (out, _) = runStage(stage, emails(["jane@x.com", "joe@x.com"]))
        #expect(out.map(\.reject?.code) == [.excludedExact, .excludedExact])
        #expect(out[0].reject?.match?.line == 2)
        #expect(out[1].reject?.match?.line == 4)
        #expect(f.context.warnings.isEmpty, "\(f.context.warnings)")
    }

    /// A quote that never closes is a stray one: its lines are read one by one, as before, and
    /// a warning names the line.
    @Test func aQuoteThatNeverClosesIsReadLineByLine() throws {
        let f = try ExclusionFiles()
        try f.write("stray.csv", "Email,Note\na@x.com,\"oops\nb@x.com,fine\n")
        let stage = try f.stage([("file", .scalar("stray.csv"))])
        let (out, _) = runStage(stage, emails(["a@x.com", "b@x.com"]))
        #expect(out.map(\.reject?.code) == [.excludedExact, .excludedExact])
        #expect(out[1].reject?.match?.line == 3)
        let warned = f.context.warnings.filter { $0.code == "exclusion_quote_unclosed" }
        #expect(warned.count == 1 && warned.first?.position?.line == 2)
    }

    /// 'Address' is a postal address when a column says 'email': the email column holds the entries.
    @Test(arguments: ["Name,Address,Email", "Address,E-mail Adresse,Name", "Value,Contact Email"])
    func aColumnNamedEmailWinsOverAddress(header: String) throws {
        let f = try ExclusionFiles()
        let cells = header.split(separator: ",").map { $0.lowercased().contains("mail") ? "jane@x.com" : "\"1 Main St, Springfield\"" }
        try f.write("crm.csv", header + "\n" + cells.joined(separator: ",") + "\n")
        let stage = try f.stage([("file", .scalar("crm.csv"))])
        let (out, _) = runStage(stage, emails(["jane@x.com"]))
        #expect(out[0].reject?.code == .excludedExact)
        #expect(f.context.warnings.isEmpty, "\(f.context.warnings)")
    }

    /// A column named only 'Address' still holds the entries.
    @Test func aLoneAddressColumnIsStillTheEntries() throws {
        let f = try ExclusionFiles()
        try f.write("list.csv", "Address,Date\njane@x.com,2026-01-01\n")
        let (out, _) = runStage(try f.stage([("file", .scalar("list.csv"))]), emails(["jane@x.com"]))
        #expect(out[0].reject?.code == .excludedExact)
    }

    /// A plain list whose first line is its column's header (with a byte order mark, CRLF):
    /// the header is not an entry, and not warned about as an address without '@'.
    @Test(arguments: ["\u{FEFF}email\r\n", "Email Address\n", "\"E-mail\"\n"])
    func aOneColumnHeaderIsNotAnEntry(header: String) throws {
        let f = try ExclusionFiles()
        try f.write("suppression.txt", header + "# exported 2026-11-01\nJANE@X.COM\n@blocked.example\n")
        let stage = try f.stage([("file", .scalar("suppression.txt"))])
        let (out, _) = runStage(stage, emails(["jane@x.com", "a@blocked.example", "kept@x.com"]))
        #expect(out.map(\.reject?.code) == [.excludedExact, .excludedDomain, nil])
        #expect(out[0].reject?.match?.line == 3)
        #expect(f.context.warnings.isEmpty, "\(f.context.warnings)")
    }
}
