import CLibXML2
import ListwashCore

/// Drives libxml2's push parser over a ``ByteInput`` and hands out the builder's records.
final class XMLPushStream {
    static let chunkSize = 256 << 10

    private let input: ByteInput
    private let builder: XMLRecordBuilder
    private var ctxt: xmlParserCtxtPtr
    private var finished = false
    private var reportedFatal = false
    private var head = 0
    private var chunk: [UInt8] = []
    private(set) var partial: [Diagnostic] = []
    private let path: String
    /// Reads every chunk before libxml2 does and stops the document at a start tag past its bounds.
    private var markup: XMLMarkupGuard

    init(path: String, settings: ParseSettings, input opened: ByteInput?, presets: @escaping () throws(Diagnostic) -> [XMLMappingPreset],
         guardProlog: Bool) throws {
        self.path = path
        input = try opened ?? ByteInput(path: path)
        builder = XMLRecordBuilder(file: path, settings: settings, presets: presets)

        var prolog: [UInt8] = []
        var atEnd = false
        scan: while true {
            if try input.read(into: &prolog, max: Self.chunkSize) == 0 { atEnd = true }
            guard guardProlog else { break }
            switch XMLPrologGuard.check(prolog, atEnd: atEnd) {
            case .needMore: continue scan
            case .safe: break scan
            case .refused(let message, let line, let column):
                throw Diagnostic(at: SourcePosition(file: path, line: line, column: column), message,
                                 code: "xml_entities_refused", fix: XMLContactSource.entitiesFix)
            }
        }

        // A UTF-16 declaration in 8-bit bytes (.NET's StringWriter) is read as UTF-8.
        var encoding = settings.encoding
        if encoding == nil, let label = XMLMislabelledUTF16.label(of: prolog) {
            encoding = "utf-8"
            encodingNote = "UTF-8 (declared '\(label)', but the bytes are not UTF-16)"
        }
        markup = XMLMarkupGuard(encoding: encoding)
        // A forced encoding's own byte order mark is no text: libxml2, switched to that
        // encoding, read it as a character before the root element and refused the document
        // as empty (`--encoding utf-8` on a UTF-8 file with a BOM).
        if let name = encoding, let bom = Self.byteOrderMark(of: name), prolog.starts(with: bom) {
            prolog.removeFirst(bom.count)
        }

        var handler = XMLSAXBridge.handler()
        let user = Unmanaged.passUnretained(builder).toOpaque()
        guard let c = xmlCreatePushParserCtxt(&handler, user, nil, 0, path) else {
            throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "cannot create the XML parser", code: "xml_malformed")
        }
        ctxt = c
        builder.ctxt = c
        // Deliberately absent: XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE, HUGE (PLATFORM.md §1).
        var options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        if let name = encoding {
            guard let encoder = xmlFindCharEncodingHandler(name) else {
                throw Diagnostic(at: nil, "libxml2 cannot read encoding '\(name)'", code: "invalid_choice")
            }
            options |= Int32(XML_PARSE_IGNORE_ENC.rawValue)
            xmlSwitchToEncoding(c, encoder)
        }
        xmlCtxtUseOptions(c, options)

        feed(prolog, terminate: atEnd)
        while !builder.rootSeen && !finished { try pump() }
        if let e = builder.stopError { throw e }
        if !builder.rootSeen {
            if let f = builder.fatal {
                let limit = f.message.hasSuffix(XMLMarkupGuard.limitPhrase)
                throw Diagnostic(at: SourcePosition(file: path, line: max(f.line, 1), column: max(f.column, 1)),
                                 limit ? f.message : "XML is not well-formed: \(f.message)", code: "xml_malformed",
                                 fix: limit ? XMLContactSource.malformedFix(f.message, recordsBefore: false)
                                     : "check that the file is an XML export (its root element was never reached)")
            }
            throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1), "the XML document has no root element", code: "xml_malformed")
        }
    }

    deinit { xmlFreeParserCtxt(ctxt) }

    /// The byte order mark of a Unicode encoding name, nil for the others.
    static func byteOrderMark(of encoding: String) -> [UInt8]? {
        switch TextEncodingName.canonical(encoding) {
        case "utf-8": return UTF8ByteOrderMark.bytes
        case "utf-16le": return [0xFF, 0xFE]
        case "utf-16be": return [0xFE, 0xFF]
        default: return nil
        }
    }

    func next() throws -> ContactRecord? {
        while true {
            if head < builder.queue.count {
                head += 1
                return builder.queue[head - 1]
            }
            builder.queue.removeAll(keepingCapacity: true)
            head = 0
            if finished {
                try refuseUnmatchedRecords()
                return nil
            }
            try pump()
            if let e = builder.stopError { throw e }
        }
    }

    /// A well-formed document in which the record path matched nothing while an element repeats
    /// (`<person>` under `<contacts>`, where the path says `contact`): a wrong record path, not
    /// an empty export, so an error (exit 1), as a CSV without an email column is. It read as
    /// 0 records and let a whole pipe succeed with an empty batch folder.
    private func refuseUnmatchedRecords() throws {
        guard !reportedUnmatched, builder.fatal == nil, builder.rootSeen, let r = builder.resolution,
              let likely = builder.likelyRecordPath else { return }
        reportedUnmatched = true
        throw Diagnostic(at: SourcePosition(file: path, line: 1, column: 1),
                         "no element matches the record path '\(r.mapping.record.text)', but '\(likely.path)' occurs \(likely.count) times",
                         code: "xml_no_records",
                         fix: "if those are the contacts, pass '--record \(likely.path)' (or set 'record:' in the mapping); a namespaced export needs the prefix in the path")
    }

    private var reportedUnmatched = false

    private func pump() throws {
        chunk.removeAll(keepingCapacity: true)
        let n = try input.read(into: &chunk, max: Self.chunkSize)
        feed(chunk, terminate: n == 0)
    }

    private func feed(_ bytes: [UInt8], terminate: Bool) {
        // A start tag past the guard's bounds: libxml2 gets only the bytes before it (so the
        // records before it in this chunk are read), and the document stops there as at a
        // fatal error.
        let trip = markup.scan(bytes)
        let count = trip?.bytesBefore ?? bytes.count
        var rc: Int32 = 0
        if count > 0 || trip == nil {
            rc = bytes.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { c in
                    xmlParseChunk(ctxt, c.baseAddress, Int32(count), terminate && trip == nil ? 1 : 0)
                }
            }
        }
        if terminate || trip != nil { finished = true }
        if builder.stopError != nil { finished = true; return }
        if builder.fatal == nil, rc != 0, ctxt.pointee.wellFormed == 0 {
            // An error the structured handler did not see as fatal but that stopped the parser.
            builder.error(withCode: rc)
        }
        if let trip { builder.stop(trip) }
        if let f = builder.fatal, !reportedFatal {
            reportedFatal = true
            finished = true
            guard builder.rootSeen else { return }
            let complete = builder.recordCount - (builder.abandonOpenRecord() ? 1 : 0)
            let what = f.message.hasSuffix(XMLMarkupGuard.limitPhrase) ? f.message : "XML is not well-formed: \(f.message)"
            partial.append(Diagnostic(at: SourcePosition(file: path, line: max(f.line, 1), column: max(f.column, 1)),
                                      "\(what) (\(complete) complete record\(complete == 1 ? "" : "s") read before it)",
                                      code: "xml_malformed", fix: XMLContactSource.malformedFix(f.message, recordsBefore: false)))
        }
    }

    var facts: [KeyValue] {
        var f: [KeyValue] = []
        if let r = builder.resolution {
            f.append(KeyValue("mapping", r.reason))
            f.append(KeyValue("record", r.mapping.record.text))
        }
        f.append(KeyValue("records", String(builder.recordCount)))
        if builder.namesakesOutside > 0, let r = builder.resolution {
            let n = builder.namesakesOutside
            f.append(KeyValue("not_read", "\(n) element\(n == 1 ? "" : "s") named like the records lie outside the record path '\(r.mapping.record.text)' (the first at line \(builder.firstNamesakeLine)) and \(n == 1 ? "was" : "were") not read; if \(n == 1 ? "it is a contact" : "they are contacts") too, widen the path (--record, or the mapping's 'record:'), e.g. with '//'"))
        }
        if builder.recordCount == 0, builder.rootSeen, builder.resolution != nil, builder.fatal == nil {
            // An empty export, or a record path that names the wrong element: say which to check.
            f.append(KeyValue("no_records", "no element matches the record path; if the file has contacts, check --record or the mapping's 'record:'"))
        }
        f.append(KeyValue("encoding", encodingName))
        return f
    }

    /// Why the document was read in another encoding than it declares (``XMLMislabelledUTF16``).
    private var encodingNote: String?

    /// The encoding libxml2 read the document in: declared, from the BOM, or UTF-8.
    private var encodingName: String {
        if let encodingNote { return encodingNote }
        if let e = ctxt.pointee.encoding { return String(cString: e) }
        if let name = ctxt.pointee.input?.pointee.buf?.pointee.encoder?.pointee.name { return String(cString: name) }
        return "UTF-8"
    }
}
