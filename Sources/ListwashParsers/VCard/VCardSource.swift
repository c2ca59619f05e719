import ListwashCore

/// Reads vCard files (2.1, 3.0 and 4.0, as iPhone, Android, Outlook, Gmail, Thunderbird and
/// others write them) into records: one per card, or one per email address with `--all-emails`.
/// See ``VCardRecordMapper`` for the mapping.
///
/// Provenance: `record` is the card's number in the file (a run of text outside any card, which
/// becomes a reject, takes a number too, so numbers stay unique and in file order), `line` its
/// `BEGIN:VCARD` line. A card without `END:VCARD`, with a property line that cannot be parsed,
/// or with bytes that are not valid in its charset becomes a reject (`vcard_malformed` or
/// `encoding_invalid`) naming the line and column and keeping what could be read; the next card
/// parses. A card without an email is emitted without one (normalize rejects it as
/// `email_missing`); a group card is a `vcard_group` reject (``VCardRecordMapper``).
///
/// Encoding: UTF-8 (BOM skipped) unless a BOM or NUL pattern shows UTF-16 or `--encoding` says
/// otherwise; a property's `CHARSET=` wins for its value. 8-bit text without CHARSET before any
/// UTF-8 text switches the file to Windows-1252 (fact `windows-1252 (detected)`).
///
/// Streaming: memory holds one input chunk and one card, whatever the number of cards.
public struct VCardSource: RecordSource {
    private let path: String
    private let stream: VCardByteStream
    private var reader: VCardLineReader
    private let mapper: VCardRecordMapper
    /// A forced or detected single-byte file encoding, applied to values without CHARSET.
    private var singleByteEncoding: String?
    /// Set when the file turned out to be Windows-1252 (see ``add(_:_:)``).
    private var detectedEncoding: String?
    private var line = VCardLogicalLine()
    private var decoder = VCardValueDecoder()
    private var card = VCardCard()
    private var inCard = false
    /// The last property was binary: unindented base64 lines that follow it (some 2.1
    /// writers) are skipped rather than read as broken properties.
    private var afterBinary = false
    private var ready: [ContactRecord] = []
    private var readyHead = 0
    private var recordNumber = 0
    private var cardCount = 0
    /// Categories left out as Google's system groups.
    private var systemTagsDropped = 0
    private var versions: [String] = []
    private var stray: (line: Int, text: String, count: Int, record: Int)?
    /// The last property was a 2.1 `AGENT:` with no value: a `BEGIN:VCARD` right after it opens
    /// an embedded card (another person), skipped up to its own `END:VCARD`.
    private var agentOpen = false
    private var nestedDepth = 0

    /// `input`: the input already opened (and peeked at) by ``SourceFactory``, else `path` is opened.
    public init(path: String, settings: ParseSettings, input: ByteInput? = nil) throws {
        self.path = path
        stream = try VCardByteStream(input: input ?? ByteInput(path: path), forcedEncoding: settings.encoding)
        reader = VCardLineReader(stream: stream)
        mapper = VCardRecordMapper(file: path, allEmails: settings.allEmails)
        if case .singleByte(let name) = stream.encoding { singleByteEncoding = name } else { singleByteEncoding = nil }
    }

    public var facts: [KeyValue] {
        var f = [KeyValue("encoding", detectedEncoding ?? stream.encodingFact)]
        if let e = reader.lineEnding { f.append(KeyValue("line_endings", e.rawValue)) }
        f.append(KeyValue("versions", versions.isEmpty ? "none" : versions.joined(separator: ", ")))
        f.append(KeyValue("cards", String(cardCount)))
        if systemTagsDropped > 0 {
            f.append(KeyValue("system_tags_dropped", "\(systemTagsDropped) (Google's own groups, e.g. 'myContacts', are not tags)"))
        }
        return f
    }

    public mutating func next() throws -> ContactRecord? {
        while true {
            if readyHead < ready.count {
                let r = ready[readyHead]
                readyHead += 1
                if readyHead == ready.count {
                    ready.removeAll(keepingCapacity: true)
                    readyHead = 0
                }
                return r
            }
            guard try reader.next(into: &line) else {
                if inCard {
                    card.fail(.vcardMalformed, line: card.line, column: 1, "the card has no END:VCARD before the end of the file",
                              fix: Self.malformedFix)
                    finishCard()
                }
                flushStray()
                if readyHead < ready.count { continue }
                return nil
            }
            line.bytes.withUnsafeBufferPointer { p in handle(p) }
        }
    }

    static let malformedFix = "repair or remove the card around that line; the other cards were read"
    static let encodingFix = "if the file is not UTF-8, pass its encoding (--encoding windows-1252), or fix the card's CHARSET parameter"

    private mutating func handle(_ p: UnsafeBufferPointer<UInt8>) {
        if VCardKeyword.isBlank(p) {
            afterBinary = false
            return
        }
        if inCard && (nestedDepth > 0 || agentOpen) {
            if VCardKeyword.isLine(p, "BEGIN:VCARD") {
                if nestedDepth == 0 {
                    card.notes.append(Note(code: "agent_skipped", message: "line \(line.line): the embedded AGENT card was not read"))
                }
                nestedDepth += 1
                agentOpen = false
                return
            }
            if nestedDepth > 0 {
                if VCardKeyword.isLine(p, "END:VCARD") { nestedDepth -= 1 }
                return
            }
        }
        agentOpen = false
        if VCardKeyword.isLine(p, "BEGIN:VCARD") {
            if inCard {
                card.fail(.vcardMalformed, line: card.line, column: 1,
                          "the card has no END:VCARD before the next BEGIN:VCARD on line \(line.line)", fix: Self.malformedFix)
                finishCard()
            }
            flushStray()
            recordNumber += 1
            cardCount += 1
            card.reset(number: recordNumber, line: line.line)
            inCard = true
            afterBinary = false
            return
        }
        guard inCard else {
            addStray(p)
            return
        }
        if VCardKeyword.isLine(p, "END:VCARD") {
            finishCard()
            return
        }
        if afterBinary && !p.contains(UInt8(ascii: ":")) { return }
        switch VCardPropertyParser.parse(p) {
        case .failure(let e):
            let at = line.position(of: e.offset)
            card.fail(.vcardMalformed, line: at.line, column: at.column, "\(e.message) in '\(Self.excerpt(p))'", fix: Self.malformedFix)
        case .success(let prop):
            if prop.kind == .other && VCardKeyword.equals(UnsafeBufferPointer(rebasing: p[prop.name]), "AGENT")
                && VCardKeyword.isBlank(UnsafeBufferPointer(rebasing: p[prop.valueStart...])) {
                agentOpen = true
                return
            }
            add(prop, p)
        }
    }

    private mutating func add(_ prop: VCardPropertyLine, _ p: UnsafeBufferPointer<UInt8>) {
        afterBinary = false
        let value = UnsafeBufferPointer(rebasing: p[prop.valueStart...])
        switch prop.kind {
        case .binary:
            afterBinary = true
            return
        case .begin, .end:
            // A nested BEGIN/END (2.1 AGENT, a vCalendar) carries no contact data of this card.
            return
        case .other, .url, .note:
            if prop.valueIsBinary || VCardKeyword.hasPrefix(value, "DATA:") || (prop.encoding == .base64 && prop.kind != .note) {
                afterBinary = true
                return
            }
        default:
            if prop.valueIsBinary { afterBinary = true; return }
        }
        // A value read from here on is text: one cut at the line limit would be read short.
        if line.cut {
            card.fail(.vcardMalformed, line: line.line, column: 1,
                      "the \(Self.excerpt(UnsafeBufferPointer(rebasing: p[prop.name]))) line is longer than \(VCardLineReader.maxLineBytes >> 20) MiB and was cut",
                      fix: "shorten the value, or check the card for a missing line break")
        }
        let start = card.arena.count
        var outcome = decoder.decode(p, prop, fileEncoding: singleByteEncoding, into: &card.arena)
        if case .notUTF8 = outcome, stream.encoding == .utf8, detectedEncoding == nil, !decoder.sawNonASCIIUTF8,
           !(prop.kind == .note && prop.encoding == .base64) {  // binary data says nothing of the file's text
            // Detection (DESIGN §3): 8-bit text without CHARSET in a file where no UTF-8 text
            // was seen yet is a Windows-1252 export (Outlook, old Windows tools): read the rest
            // of the file so. After real UTF-8 text, such bytes stay errors.
            singleByteEncoding = "windows-1252"
            detectedEncoding = "windows-1252 (detected)"
            card.arena.removeSubrange(start...)
            outcome = decoder.decode(p, prop, fileEncoding: singleByteEncoding, into: &card.arena)
        }
        switch outcome {
        case .decoded:
            break
        case .charsetIgnored(let charset):
            let name = String(decoding: UnsafeBufferPointer(rebasing: p[prop.name]), as: UTF8.self)
            card.notes.append(Note(code: "charset_ignored", field: nil,
                                   message: "line \(line.line): '\(name)' is labelled CHARSET=\(charset) but its bytes are UTF-8; read as UTF-8"))
        case .assumedWindows1252:
            let name = String(decoding: UnsafeBufferPointer(rebasing: p[prop.name]), as: UTF8.self)
            card.notes.append(Note(code: "charset_assumed", field: nil,
                                   message: "line \(line.line): quoted-printable '\(name)' has no CHARSET and is not UTF-8; read as windows-1252"))
        case .invalid where prop.kind == .note && prop.encoding == .base64, .notUTF8 where prop.kind == .note && prop.encoding == .base64:
            // A base64 NOTE is text encoded (some 2.1 exporters write every non-ASCII note so),
            // kept when it decodes to text; one that is not text is left out, with a note.
            card.arena.removeSubrange(start...)
            card.notes.append(Note(code: "vcard_value_skipped", field: nil,
                                   message: "line \(line.line): the base64 NOTE is not text in the card's encoding and was left out"))
            return
        case .invalid(let offset, let message), .notUTF8(let offset, let message):
            card.arena.removeSubrange(start...)
            let at = line.position(of: offset)
            card.fail(.encodingInvalid, line: at.line, column: at.column, message, fix: Self.encodingFix)
            return
        }
        let valueRange = start..<card.arena.count
        if prop.kind == .version {
            let v = String(decoding: card.arena[valueRange], as: UTF8.self).trimmingBlanks()
            if !v.isEmpty && !versions.contains(v) && versions.count < 8 { versions.append(v) }
        }
        let name = card.store(UnsafeBufferPointer(rebasing: p[prop.name]))
        let group = prop.group.map { card.store(UnsafeBufferPointer(rebasing: p[$0])) }
        card.properties.append(VCardProperty(kind: prop.kind, name: name, group: group, value: valueRange,
                                             types: prop.types, pref: prop.pref, valueIsURI: prop.valueIsURI))
    }

    private mutating func finishCard() {
        inCard = false
        nestedDepth = 0
        agentOpen = false
        afterBinary = false
        systemTagsDropped += mapper.records(for: card, into: &ready)
    }

    private mutating func addStray(_ p: UnsafeBufferPointer<UInt8>) {
        if stray != nil {
            stray!.count += 1
            return
        }
        recordNumber += 1
        stray = (line.line, Self.excerpt(p), 1, recordNumber)
    }

    private mutating func flushStray() {
        guard let s = stray else { return }
        stray = nil
        let more = s.count > 1 ? " (and \(s.count - 1) more line\(s.count > 2 ? "s" : ""))" : ""
        let reject = Reject(code: .vcardMalformed, stage: "parse",
                            reason: "line \(s.line), column 1: text outside any BEGIN:VCARD ... END:VCARD: '\(s.text)'\(more)",
                            fix: "remove the stray text or restore the card's BEGIN:VCARD line", column: 1)
        ready.append(ContactRecord(source: Provenance(file: path, record: s.record, line: s.line), reject: reject))
    }

    /// The start of a line for a message: at most 40 characters, control bytes shown as '?'.
    static func excerpt(_ p: UnsafeBufferPointer<UInt8>) -> String {
        var s = String(decoding: p.prefix(60), as: UTF8.self)
        s = String(s.unicodeScalars.map { $0.value < 0x20 || $0 == "\u{FFFD}" ? "?" : Character($0) })
        return s.count > 40 ? String(s.prefix(40)) + "..." : s
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
