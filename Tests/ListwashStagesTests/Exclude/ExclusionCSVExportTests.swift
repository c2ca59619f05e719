import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

/// Unsubscribe and suppression exports as the tools write them: a CRM export whose postal
/// 'Address' column comes before 'Email', and a plain list whose first line is its one column's header.
struct ExclusionCSVExportTests {
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
