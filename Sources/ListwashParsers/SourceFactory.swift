import ListwashCore

/// Opens the right parser for an input: by `--format`, else by extension, else by content.
public enum SourceFactory {
    public static func open(path: String, settings: ParseSettings) throws -> any RecordSource {
        // Opened once, and handed to the parser: the first bytes, read for every check below,
        // are read again by the parser from the same input (an input that cannot be opened
        // twice, a FIFO or a pipe, is read whole).
        let input = try ByteInput(path: path)
        let head = try input.peek(4096)
        if path != "-", let kind = binaryKind(head) {
            throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "'\(path)' is \(kind), not a text export listwash reads",
                             code: "input_not_text",
                             fix: head.starts(with: [0x1F, 0x8B])
                                ? "decompress it first ('gunzip -k \(path)'), then parse the file inside, or stream it: 'gunzip -c \(path) | listwash parse -'"
                                : "save it as CSV (UTF-8) from the program that made it (Excel, Numbers, Google Sheets), then parse the CSV")
        }
        if settings.format == nil, holdsRecords(path: path, head: head) {
            throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1),
                             "'\(path)' holds listwash records (JSON Lines, as 'listwash parse' writes them), not a contact export",
                             code: "input_is_records",
                             fix: "pipe it into the next stage ('listwash normalize < \(path)'), or list it under 'inputs:' in a pipeline file")
        }
        let format = settings.format ?? detectFormat(path: path, head: head)
        switch format {
        case .csv: return try CSVSource(path: path, settings: settings, input: input)
        case .vcard: return try VCardSource(path: path, settings: settings, input: input)
        case .xml: return try XMLContactSource(path: path, settings: settings, input: input)
        }
    }

    /// The format of `path` from its extension, else from its first bytes. Standard input and
    /// `.txt` files (a vCard or XML export saved as text) are told by their first bytes.
    public static func detectFormat(path: String) throws -> ParseSettings.Format {
        detectFormat(path: path, head: path == "-" ? try ByteInput.peekStandardInput(4096) : try ByteInput(path: path).peek(4096))
    }

    /// ``detectFormat(path:)`` with the first bytes already read.
    static func detectFormat(path: String, head: [UInt8]) -> ParseSettings.Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard") { return .vcard }
        if lower.hasSuffix(".xml") { return .xml }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        return detectFormat(head: head)
    }

    /// What a file given by mistake is, from its first bytes: a spreadsheet or another binary
    /// document. Read as text, an .xlsx (a zip archive) got advice about encodings and a
    /// megabyte of binary in the message.
    static func binaryKind(_ head: [UInt8]) -> String? {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zip archive (an .xlsx, .numbers or .ods spreadsheet, or a .zip)" }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "an Office document in the old binary format (.xls)" }
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        if head.starts(with: [0x1F, 0x8B]) { return "a gzip archive" }
        return nil
    }

    /// Whether `path` is records saved from a stage (`.jsonl`/`.ndjson`, or a first line that is
    /// a JSON object with `"_src"`): read as CSV, it failed with a misleading "no email column".
    static func holdsRecords(path: String, head: [UInt8]) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return true }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".vcf") || lower.hasSuffix(".xml") { return false }
        let firstLine = head.prefix { $0 != 0x0A }
        return firstLine.first == UInt8(ascii: "{") && firstLine.count > 8
            && String(decoding: firstLine, as: UTF8.self).contains("\"_src\":")
    }

    /// The format of a document from its first bytes (UTF-8 or UTF-16, with or without BOM).
    public static func detectFormat(head: [UInt8]) -> ParseSettings.Format {
        // Drop BOMs and NULs so UTF-16 looks like ASCII for this check.
        var ascii = head.filter { $0 != 0 }
        if ascii.starts(with: UTF8ByteOrderMark.bytes) { ascii.removeFirst(3) }
        if ascii.starts(with: [0xFF, 0xFE]) || ascii.starts(with: [0xFE, 0xFF]) { ascii.removeFirst(2) }
        let text = String(decoding: ascii.prefix(2048), as: UTF8.self)
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.uppercased().hasPrefix("BEGIN:VCARD") { return .vcard }
        if trimmed.hasPrefix("<") { return .xml }
        return .csv
    }
}
