/// Builds CSV meant to be opened by people in a spreadsheet (Excel, LibreOffice, Google Sheets),
/// safe against CSV injection: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be read as a formula, so it gets a leading single quote (the OWASP
/// "CSV Injection" advice), which spreadsheets show as text. Every cell is then quoted per
/// RFC 4180 when it holds a comma, a double quote, CR or LF (quotes doubled); rows end in CRLF.
/// Control characters other than tab, CR and LF (NUL, ESC ...) become U+FFFD: a NUL cut the
/// cell short in some spreadsheets, and an ESC acts on a terminal that shows the file.
///
/// Hand-written rather than a library: this is the only CSV listwash writes, a few lines of
/// code, and the neutralizing rule is the point. Every CSV listwash writes for people goes
/// through this type (today: `rejects.csv`).
public struct SpreadsheetCSV: Sendable {
    /// The file so far, UTF-8.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The characters that make a spreadsheet treat a cell as a formula when they come first.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// `text` with a leading `'` when it starts like a formula; unchanged otherwise.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.utf8.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// One cell as written: control characters replaced, neutralized, then quoted when it
    /// needs to be.
    public static func cell(_ text: String) -> String {
        let safe = neutralized(withoutControls(text))
        let needsQuotes = safe.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return safe }
        var out = "\""
        for ch in safe.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }

    /// `text` with each control character other than tab, CR and LF (C0, DEL, C1) as U+FFFD.
    static func withoutControls(_ text: String) -> String {
        func isControl(_ c: Unicode.Scalar) -> Bool {
            (c.value < 0x20 && c != "\t" && c != "\r" && c != "\n") || (0x7F...0x9F).contains(c.value)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "\u{FFFD}" : $0 }))
    }

    /// Appends one row (cells separated by commas, ending in CRLF).
    public mutating func row(_ cells: [String]) {
        for (i, c) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: Self.cell(c).utf8)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// Empties the buffer (after its bytes were written out).
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}
