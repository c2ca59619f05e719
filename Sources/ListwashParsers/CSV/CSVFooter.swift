import ListwashCore

/// The rows a report export adds after its last record: a Salesforce report's CSV ends with
/// `"Grand Totals (2 records)"`, `"Confidential Information - Do Not Distribute"` and a
/// copyright line, each a row of one field. They are no contacts, yet read as rows they were
/// `row_malformed` rejects blaming a missing column (and failed `fail_on: row_malformed` gates).
///
/// ``CSVSource`` holds back a run of one-field rows without an '@' that follows a record; a record
/// after them makes them the rejects they are (in their order, before that record), the end of
/// the input makes them a footer, skipped and reported in the `footer` fact like a preamble.
/// Only ``maxRows`` are held: a longer run is a run of broken rows, rejected as read.
struct CSVFooter {
    /// More one-field rows than this in a row are no footer.
    static let maxRows = 10

    /// The held rows, made into their (rejected) records as read.
    private var held: [ContactRecord] = []
    private var firstLine = 0
    private var lastLine = 0
    private var firstText = ""
    /// Set once a run outgrew ``maxRows``; cleared by the next row that is no candidate.
    private(set) var overflowed = false
    /// The fact, once the input ended on held rows.
    private(set) var fact: String?

    var isHolding: Bool { !held.isEmpty }
    var isFull: Bool { held.count >= Self.maxRows }

    /// Whether the reader's current row may be footer: one field, no problem, no '@', in a
    /// file whose header has more than one column. A footer starts with a report's total,
    /// text ending in a count in parentheses ("Grand Totals (2 records)", in any language);
    /// once it has, any such row may follow (the confidentiality line, the copyright, `""`).
    /// A broken row at the end of a file (`"broken,"quote`) starts no footer: it stays a reject.
    func isCandidate(_ reader: CSVReader, headerCount: Int) -> Bool {
        guard headerCount > 1, reader.fieldCount == 1, reader.problem == nil else { return false }
        return reader.withRecord { view in
            let bytes = view.bytes(0)
            guard !bytes.contains(UInt8(ascii: "@")) else { return false }
            return isHolding || Self.isReportTotal(bytes)
        }
    }

    /// Whether `bytes` end in `(N word...)` after some text: "Grand Totals (2 records)".
    static func isReportTotal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        guard end > 0, bytes[end - 1] == UInt8(ascii: ")"),
              let open = bytes[..<end].lastIndex(of: UInt8(ascii: "(")), open > 0 else { return false }
        var i = open + 1
        let digitsStart = i
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        return i > digitsStart && i < end - 2 && bytes[i] == 0x20
    }

    /// Holds `record`, read at `line` with the text `text` in its one field.
    mutating func hold(_ record: ContactRecord, line: Int, text: String) {
        if held.isEmpty {
            firstLine = line
            firstText = text.count > 60 ? String(text.prefix(60)) + "…" : text
        }
        lastLine = line
        held.append(record)
    }

    /// The oldest held row, to be sent on as the reject it is.
    mutating func release() -> ContactRecord? {
        held.isEmpty ? nil : held.removeFirst()
    }

    /// Marks the run as too long for a footer (its rows are released as rejects).
    mutating func overflow() { overflowed = true }

    /// A row that is no candidate ends any run.
    mutating func sawOtherRow() { overflowed = false }

    /// The input ended: the held rows are a footer.
    mutating func end() {
        guard !held.isEmpty else { return }
        let lines = firstLine == lastLine ? "line \(firstLine)" : "lines \(firstLine)-\(lastLine)"
        fact = "\(lines) after the last record skipped (not contacts), starting '\(firstText)'"
        held.removeAll()
    }
}
