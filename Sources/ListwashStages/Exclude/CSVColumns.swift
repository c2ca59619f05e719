/// The columns of a CSV export of ActiveCampaign exclusions or unsubscribes, found by header.
///
/// A small quote-aware splitter of one line is enough here (such exports hold no line breaks
/// inside fields); ListwashStages does not depend on the CSV parser of ListwashParsers.
struct CSVColumns {
    var email: Int
    var match: Int?
    var lists: Int?
    var delimiter: UInt8

    /// Headers that name a column of addresses for certain.
    static let emailHeaders: Set<String> = ["email", "e-mail", "email address", "e-mail address", "emailaddress", "email_address",
                                             "contact email", "email/pattern", "emails", "email addresses"]
    /// Headers that name the column of entries only when no column says 'email': 'Address' is
    /// also a postal address (Mailchimp's merge field, CRM exports), 'Value' anything.
    static let weakEmailHeaders: Set<String> = ["address", "pattern", "exclusion", "value"]
    static let matchHeaders: Set<String> = ["match", "match type", "match_type", "matchtype", "type", "kind", "exclusion type"]
    static let listHeaders: Set<String> = ["list", "lists", "list id", "list ids", "listid", "listids", "list_id", "list_ids"]

    /// Finds the columns in a header line; nil when no column holds addresses.
    init?(header: UnsafeBufferPointer<UInt8>) {
        let delimiter = Self.delimiter(of: header)
        let names = Self.split(header, delimiter: delimiter).map { KeyText.folded(String(decoding: $0, as: UTF8.self)) }
        // A column that says 'email' wins over 'Address' or 'Value' whatever the order: in
        // 'Name,Address,Email' the postal addresses were read as the entries, and nobody on the
        // list was excluded.
        guard let e = names.firstIndex(where: { Self.emailHeaders.contains($0) })
                ?? names.firstIndex(where: { $0.contains("email") || $0.contains("e-mail") })
                ?? names.firstIndex(where: { Self.weakEmailHeaders.contains($0) }) else {
            return nil
        }
        email = e
        match = names.firstIndex { Self.matchHeaders.contains($0) }
        lists = names.firstIndex { Self.listHeaders.contains($0) }
        self.delimiter = delimiter
    }

    /// Whether a first line of a file not named `.csv` is a CSV header with an email column.
    static func looksLikeHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !line.contains(UInt8(ascii: "@")), line.contains(UInt8(ascii: ",")) || line.contains(UInt8(ascii: ";")) else { return false }
        return CSVColumns(header: line) != nil
    }

    /// Whether `line`, the first line of a text list, is the header of a one-column export
    /// ('Email', 'Email Address'): read as an entry it matched nothing and was warned about as
    /// an address without '@'.
    static func isLoneHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count <= 40, !line.contains(UInt8(ascii: "@")) else { return false }
        var name = KeyText.folded(String(decoding: line, as: UTF8.self))
        if name.count >= 2, name.first == "\"", name.last == "\"" { name = String(name.dropFirst().dropLast()) }
        return emailHeaders.contains(name)
    }

    /// Whether `line` leaves a quoted field open (an odd number of '"'): the record goes on
    /// in the next line, as spreadsheets and Mailchimp write a note or an unsubscribe reason
    /// holding a line break.
    static func leavesQuoteOpen(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var open = false
        for b in line where b == UInt8(ascii: "\"") { open.toggle() }
        return open
    }

    static func delimiter(of header: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let counts = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].map { d in (d, header.filter { $0 == d }.count) }
        return counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : UInt8(ascii: ",") } ?? UInt8(ascii: ",")
    }

    /// Splits one line on the header's delimiter.
    func cells(_ line: UnsafeBufferPointer<UInt8>) -> [[UInt8]] { Self.split(line, delimiter: delimiter) }

    /// Splits one CSV line: `"` quotes a field, `""` inside quotes is one quote.
    static func split(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = UInt8(ascii: ",")) -> [[UInt8]] {
        var cells: [[UInt8]] = []
        var cell: [UInt8] = []
        var quoted = false
        var i = 0
        while i < line.count {
            let b = line[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < line.count && line[i + 1] == UInt8(ascii: "\"") { cell.append(b); i += 1 } else { quoted = false }
                } else {
                    cell.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == delimiter {
                cells.append(cell)
                cell = []
            } else {
                cell.append(b)
            }
            i += 1
        }
        cells.append(cell)
        return cells
    }
}
