import ListwashCore

/// `listwash parse` for CSV: a streaming ``CSVReader`` plus a header ``ColumnMapping``.
///
/// - Encoding: ``UTF8TextInput`` (BOM, `--encoding`, else UTF-8 or Windows-1252 by the first
///   chunk). Bytes invalid in the encoding make their record an `encoding_invalid` reject.
/// - Delimiter: `--delimiter`, else ``DelimiterSniffer`` over the first chunk.
/// - Header: the first non-blank record. Mapping: `--mapping` (preset name or file), else the
///   preset whose signature the header matches (``MappingLibrary/detect(headerKeys:)``), else
///   generic; inline `columns` override. No email column is an error naming the columns.
/// - Records: blank lines (and lines of spaces and tabs, and a DOS Ctrl-Z end mark) are skipped
///   and not counted, and so is a report's footer after the last record (``CSVFooter``);
///   `_src.record` counts records after the
///   header; `_src.line` is the physical line where the record starts. Empty fields are absent,
///   and so is the unquoted marker `NULL` with `null_as_missing` (off by default: Null is also a
///   name). Nothing is trimmed. Unmapped non-empty values go to `_extra`.
/// - Rejects (`stage` `parse`; the record keeps what was read): `row_malformed` for an
///   unterminated quote, a cut record, or a field count other than the header's (extra fields
///   that are all empty, as a trailing comma leaves them, are tolerated); `record_empty` when
///   every field is empty; `encoding_invalid` naming the field, line and column.
public struct CSVSource: RecordSource {
    public let path: String
    private let input: UTF8TextInput
    let reader: CSVReader
    private let header: [String]
    let mapping: ColumnMapping
    let tags: TagSplitter
    /// The exporter's own groups among the tags (Google's `* myContacts`), from the preset.
    let systemTags: SystemTags?
    /// Tags left out as system groups so far.
    private var systemTagsDropped = 0
    private let delimiterFact: String
    private let mappingFact: String
    /// The lines before the header that were not read as records, if any.
    private let preambleFact: String?
    private(set) var recordNumber = 0
    /// One-field rows after the last record, held until a record follows or the input ends.
    private var footer = CSVFooter()
    /// Whether a row other than a footer candidate was read: a footer follows records.
    private var sawRow = false
    /// Whether the reader's current row is read but waits for the held rows before it.
    private var currentWaits = false
    let nullAsMissing: Bool
    /// How ``nextLine(into:)`` writes a plain record straight from its field bytes; nil when the
    /// mapping has a target that lives in the record's rare box (full name, custom fields).
    private let direct: DirectColumns?
    /// The mapping's slots as flat arrays, for ``makeRecord()``.
    private let flat: FlatSlots
    private static let stage = "parse"

    /// `input`: the input already opened (and peeked at) by ``SourceFactory``, else `path` is opened.
    public init(path: String, settings: ParseSettings, input opened: ByteInput? = nil) throws {
        self.path = path
        nullAsMissing = settings.nullAsMissing
        input = try UTF8TextInput(opened ?? ByteInput(path: path), forcedEncoding: settings.encoding)

        var sample: [UInt8] = []
        var sampleIsWhole = false
        while sample.count < 64 << 10 {
            if try input.read(into: &sample) == 0 { sampleIsWhole = true; break }
        }
        // Excel's "sep=;" first line names the delimiter; it is not the header.
        let sepLine = Self.excelSeparatorLine(sample)
        let delimiter: UInt8
        if let d = settings.delimiter {
            guard let a = d.asciiValue, a != 0x22, a != 0x0A, a != 0x0D else {
                throw Diagnostic(at: nil, "the CSV delimiter must be one ASCII character other than a quote or line break, found '\(d)'", code: "invalid_choice")
            }
            delimiter = a
            delimiterFact = "\(Self.show(a)) (--delimiter)"
        } else if let sep = sepLine {
            delimiter = sep
            delimiterFact = "\(Self.show(sep)) (the file's 'sep=' line)"
        } else {
            delimiter = sample.withUnsafeBufferPointer { DelimiterSniffer.sniff($0, isWholeInput: sampleIsWhole) }
            delimiterFact = "\(Self.show(delimiter)) (sniffed)"
        }
        reader = CSVReader(source: PrefixedChunkSource(prefix: sample, rest: input), options: CSVReader.Options(delimiter: delimiter))

        var skipSepLine = sepLine != nil
        while true {
            guard try reader.next() else {
                throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "the CSV input is empty: no header row", code: "csv_no_header",
                                 fix: "the first non-blank line must name the columns, e.g. 'Email,First Name,Last Name'")
            }
            if reader.isBlank { continue }
            if skipSepLine {
                skipSepLine = false
                continue
            }
            break
        }
        var headerAt = SourcePosition(file: path, line: reader.recordLine, column: 1)
        if let problem = reader.problem {
            throw Diagnostic(at: headerAt, "the header row cannot be read: \(Self.describe(problem))", code: "csv_bad_header")
        }
        var names = try Self.headerNames(reader, path: path, encoding: input.encoding)

        let library = try MappingLibrary.shipped()
        // The mapping of a header row: the preset asked for or detected from it, then its columns.
        func mapped(for names: [String], at: SourcePosition) throws -> (ColumnMapping, MappingPreset, fact: String) {
            let preset: MappingPreset
            let fact: String
            if let m = settings.mapping {
                preset = try library.resolve(m)
                fact = preset.name
            } else if let p = library.detect(headerKeys: names.map(HeaderName.key)) {
                preset = p
                fact = "\(p.name) (auto)"
            } else {
                throw Diagnostic(at: nil, "no 'generic' CSV mapping preset in the rules folder", code: "rules_missing")
            }
            let columns = try ColumnMapping(header: names, preset: preset, generic: library.preset(named: "generic"), inline: settings.columns, at: at)
            return (columns, preset, fact)
        }
        var result: (ColumnMapping, MappingPreset, fact: String)
        var preamble: String?
        do {
            result = try mapped(for: names, at: headerAt)
        } catch {
            guard (error as? Diagnostic)?.code == "csv_no_email_column" else { throw error }
            // Some exports put lines before the header (LinkedIn's "Notes:"): the header is the
            // first of the next few rows that maps an email column. Nothing before it is a record.
            let firstLine = headerAt.line
            var found: (names: [String], mapped: (ColumnMapping, MappingPreset, fact: String), at: SourcePosition)?
            var looked = 0
            while found == nil, looked < Self.preambleRows, try reader.next() {
                if reader.isBlank { continue }
                looked += 1
                let at = SourcePosition(file: path, line: reader.recordLine, column: 1)
                guard reader.problem == nil, let candidate = try? Self.headerNames(reader, path: path, encoding: input.encoding),
                      let m = try? mapped(for: candidate, at: at) else { continue }
                found = (candidate, m, at)
            }
            guard let found else { throw error }
            names = found.names
            result = found.mapped
            headerAt = found.at
            preamble = "lines \(firstLine)-\(headerAt.line - 1) before the header at line \(headerAt.line) skipped (not contacts)"
        }
        let (columnMapping, chosen, chosenFact) = result
        header = names
        mapping = columnMapping
        mappingFact = chosenFact
        preambleFact = preamble
        tags = TagSplitter(separators: settings.tagSeparators ?? chosen.tagSeparators ?? TagSplitter.defaultSeparators)
        systemTags = chosen.systemTags
        flat = FlatSlots(columnMapping)
        // Records whose tags may lose system groups are built, not written from their bytes.
        direct = chosen.systemTags == nil || !mapping.slots.contains { $0.target == .tags } ? DirectColumns(mapping, path: path) : nil
    }

    /// The `_extra` key of every header column, in header order (the names `normalize`'s
    /// `fields` setting matches).
    public var columnKeys: [String] { mapping.extraKeys }

    /// Rows looked at past a first row without an email column, for the real header.
    static let preambleRows = 10

    /// The names of the header row `reader` is on.
    private static func headerNames(_ reader: CSVReader, path: String, encoding: String) throws -> [String] {
        var names: [String] = []
        for i in 0..<reader.fieldCount {
            guard let s = reader.string(i) else {
                throw Diagnostic(at: SourcePosition(file: path, line: reader.fieldLines[i], column: reader.fieldColumns[i]),
                                 "header column \(i + 1) is not valid \(encoding)", code: "encoding_invalid",
                                 fix: "pass the file's encoding with '--encoding' (e.g. windows-1252)")
            }
            names.append(s)
        }
        return names
    }

    /// The delimiter named by an Excel `sep=X` first line (any case, X one ASCII byte other than
    /// a quote), or nil.
    static func excelSeparatorLine(_ sample: [UInt8]) -> UInt8? {
        guard sample.count >= 5, sample[0] | 0x20 == UInt8(ascii: "s"), sample[1] | 0x20 == UInt8(ascii: "e"),
              sample[2] | 0x20 == UInt8(ascii: "p"), sample[3] == UInt8(ascii: "=") else { return nil }
        let d = sample[4]
        guard d < 0x80, d != 0x22, d != 0x0A, d != 0x0D else { return nil }
        guard sample.count == 5 || sample[5] == 0x0A || sample[5] == 0x0D else { return nil }
        return d
    }

    public var facts: [KeyValue] {
        [KeyValue("encoding", input.encodingFact),
         KeyValue("bom", input.bom ?? "none"),
         KeyValue("delimiter", delimiterFact),
         KeyValue("line_endings", reader.lineEndings.description),
         KeyValue("mapping", mappingFact),
         KeyValue("unmapped", mapping.unmapped.isEmpty ? "none" : ColumnMapping.list(mapping.unmapped))]
            + (preambleFact.map { [KeyValue("preamble", $0)] } ?? [])
            + (footer.fact.map { [KeyValue("footer", $0)] } ?? [])
            + (systemTagsDropped > 0 ? [KeyValue("system_tags_dropped", "\(systemTagsDropped) (the exporter's own groups, e.g. Google's '* myContacts', are not tags)")] : [])
    }

    public mutating func next() throws -> ContactRecord? {
        switch try step() {
        case .end: return nil
        case .held(let record): return record
        case .current: return makeRecord()
        }
    }

    public mutating func nextLine(into w: inout JSONWriter) throws -> SourceLine? {
        switch try step() {
        case .end: return nil
        case .held(let record): return .record(record)
        case .current: break
        }
        if let direct, reader.problem == nil, reader.fieldCount == header.count,
           writeDirectly(direct, into: &w) {
            return .written
        }
        return .record(makeRecord())
    }

    /// What the next record is: a held row (see ``CSVFooter``), the reader's current row, or none.
    private enum Step {
        case end, current, held(ContactRecord)
    }

    /// The next record, holding back the one-field rows that may be a report's footer.
    private mutating func step() throws -> Step {
        if let record = footer.release() { return .held(record) }
        if currentWaits {
            currentWaits = false
            return .current
        }
        while try advance() {
            let candidate = footer.isCandidate(reader, headerCount: header.count)
            if sawRow, !footer.overflowed, candidate {
                if !footer.isFull {
                    footer.hold(makeRecord(), line: reader.recordLine, text: reader.string(0) ?? "")
                    continue
                }
                footer.overflow()
            } else if !candidate {
                sawRow = true
                footer.sawOtherRow()
            }
            guard let record = footer.release() else { return .current }
            currentWaits = true
            return .held(record)
        }
        footer.end()
        return .end
    }

    /// Moves to the next record that is not a blank line and counts it; false at the end.
    private mutating func advance() throws -> Bool {
        repeat {
            guard try reader.next() else { return false }
        } while reader.isBlank || isBlankLike
        recordNumber += 1
        if reader.problem == nil && reader.spansLinesInQuotes && (hasWrongFieldCount || reader.hasTextAfterSpanningQuote) {
            reader.cutAtFirstQuotedLineBreak()
        }
        return true
    }

    /// Whether the current record would be rejected for its number of fields (extra fields that
    /// are all empty are tolerated, as in ``makeRecord()``).
    private var hasWrongFieldCount: Bool {
        let n = reader.fieldCount, h = header.count
        if n < h { return true }
        guard n > h else { return false }
        return reader.withRecord { view in (h..<n).contains { !view.isEmpty($0) } }
    }

    /// Whether the current record is a line of spaces and tabs only, or a DOS end-of-file mark
    /// (Ctrl-Z, which old Windows tools append): read as the blank line it looks like, not as a
    /// `row_malformed` reject (which failed `fail_if: {codes: [row_malformed]}` gates).
    private var isBlankLike: Bool {
        guard reader.problem == nil, reader.fieldCount == 1, reader.fieldInfo.first?.quoted == false else { return false }
        return reader.withRecord { view in
            let b = view.bytes(0)
            return !b.isEmpty && (b.allSatisfy { $0 == 0x20 || $0 == 0x09 } || (b.count == 1 && b[0] == 0x1A))
        }
    }

    // MARK: - Records

    private mutating func makeRecord() -> ContactRecord {
        let h = header.count
        let tags = self.tags, nullAsMissing = self.nullAsMissing, systemTags = self.systemTags
        var dropped = 0
        defer { systemTagsDropped += dropped }
        // The values are gathered first and the record made from them in one step (see
        // ``MappedValues``): one pass over the record's fields inside a single reader access,
        // over the mapping's flat slots (``FlatSlots``) with each slot's winner on the stack.
        var values = MappedValues()
        let (n, allEmpty, extraNonEmpty, badField) = withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(1, flat.targets.count)) { winners in
            flat.withBuffers { slots in
                reader.withRecord { view -> (Int, Bool, Bool, Int?) in
                    let n = view.count
                    var badField: Int?
                    func isMissing(_ j: Int) -> Bool { view.isEmpty(j) || (nullAsMissing && view.isNullMarker(j)) }
                    for s in 0..<slots.count {
                        winners[s] = -1
                        for j in slots.columns(of: s) {
                            guard j < n, !isMissing(j) else { continue }
                            if case .tags = slots.targets[s] {
                                // Split from the field's bytes: no String of the whole value.
                                let bytes = view.bytes(j)
                                guard TextDecoding.isValidUTF8(bytes) else {
                                    if badField == nil { badField = j }
                                    continue
                                }
                                values.tags = tags.split(bytes: bytes)
                                if let systemTags { values.tags = systemTags.apply(values.tags, dropped: &dropped) }
                            } else {
                                guard let v = view.string(j) else {
                                    if badField == nil { badField = j }
                                    continue
                                }
                                values.assign(v, to: slots.targets[s])
                            }
                            winners[s] = j
                            break
                        }
                    }
                    var allEmpty = true
                    var extraNonEmpty = false
                    for j in 0..<n where !isMissing(j) {
                        allEmpty = false
                        if j >= h { extraNonEmpty = true }
                        let role = j < h ? slots.roles[j] : -1
                        if role >= 0 && winners[role] == j { continue }
                        let key = j < h ? mapping.extraKeys[j] : "column \(j + 1)"
                        guard let v = view.string(j) else {
                            // Every field that is not valid text comes here, a mapped one too
                            // (it won no slot): the record is rejected, and keeps the value
                            // in `_extra` with U+FFFD for the bad bytes, so it is not lost.
                            if badField == nil { badField = j }
                            values.extra.append(KeyValue(key, String(decoding: view.bytes(j), as: UTF8.self)))
                            continue
                        }
                        values.extra.append(KeyValue(key, v))
                    }
                    return (n, allEmpty, extraNonEmpty, badField)
                }
            }
        }
        let record = values.record(from: Provenance(file: path, record: recordNumber, line: reader.recordLine))

        if let problem = reader.problem {
            var column: Int?
            if case .unterminatedQuote(_, let c) = problem { column = c }
            if case .strayQuote(_, let c) = problem { column = c }
            return record.rejected(Reject(code: .rowMalformed, stage: Self.stage, reason: Self.describe(problem),
                                          fix: Self.fix(problem), column: column))
        }
        if allEmpty {
            return record.rejected(Reject(code: .recordEmpty, stage: Self.stage, reason: "every field of the record is empty",
                                          fix: "nothing to import: a row of delimiters only, as spreadsheets leave after cleared rows; delete such rows from the export to leave them out of the count"))
        }
        if n < h || (n > h && extraNonEmpty) {
            let column: Int
            if n > h {
                column = reader.fieldColumns[h]
            } else {
                let last = n - 1
                let length = reader.withField(last) { $0.count } + (reader.fieldQuoted[last] ? 2 : 0)
                column = reader.fieldColumns[last] + length
            }
            let what = n > h ? "field \(h + 1) is extra" : "field \(n + 1) ('\(header[n])') is missing"
            return record.rejected(Reject(code: .rowMalformed, stage: Self.stage,
                                          reason: "row has \(n) field\(n == 1 ? "" : "s"), the header has \(h): \(what)",
                                          fix: "quote values that contain the delimiter, and give every row the header's number of fields",
                                          column: column))
        }
        if let j = badField {
            let name = j < h ? header[j] : "column \(j + 1)"
            return record.rejected(Reject(code: .encodingInvalid, stage: Self.stage,
                                          reason: "field \(j + 1) ('\(name)') at line \(reader.fieldLines[j]) column \(reader.fieldColumns[j]) holds bytes that are not valid \(input.encoding)",
                                          fix: input.encoding == "utf-8" ? "re-save the file as UTF-8, or pass '--encoding windows-1252' if it is Windows-1252" : "check the file's encoding and pass it with '--encoding'",
                                          column: reader.fieldColumns[j]))
        }
        return record
    }

    // MARK: - Messages

    static func describe(_ p: CSVReader.Problem) -> String {
        switch p {
        case .unterminatedQuote(let line, let column):
            return "unterminated quote: the quoted field opened at line \(line) column \(column) never closes; the record was cut at the end of that line"
        case .strayQuote(let line, let column):
            return "stray quote: the quoted field opened at line \(line) column \(column) runs over the next lines and leaves the row with the wrong number of fields or with text after its closing quote; the row was cut at the end of line \(line) and the lines after it read as rows"
        case .tooLong(let limit):
            return "the record is longer than \(limit) bytes and was cut"
        case .tooManyFields(let limit):
            return "the record has more than \(limit) fields and was cut"
        }
    }

    static func fix(_ p: CSVReader.Problem) -> String {
        switch p {
        case .unterminatedQuote, .strayQuote: return "close the quote, and write a quote inside a quoted field as two quotes (\"\")"
        case .tooLong, .tooManyFields: return "check the line for a missing closing quote or a wrong delimiter"
        }
    }

    static func show(_ d: UInt8) -> String {
        d == 0x09 ? "TAB" : "'\(String(UnicodeScalar(d)))'"
    }
}

extension CSVReader {
    /// Whether field `j` of the current record is the unquoted marker `NULL` (a missing value
    /// in database exports; csv-spectrum's `null` case). A quoted `"NULL"` is the text NULL.
    public static func isNullMarker(_ reader: CSVReader, _ j: Int) -> Bool {
        reader.withRecord { $0.isNullMarker(j) }
    }
}
