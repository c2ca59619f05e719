import CLibXML2
import ListwashCore

/// Turns libxml2 SAX2 events into contact records: picks the mapping when the root element
/// arrives, finds record elements with the compiled record path, follows the field paths
/// inside each record, and queues finished records for ``XMLContactSource/next()``.
///
/// Values: an element's value is its string-value (all descendant text and CDATA) with leading
/// and trailing XML whitespace trimmed; an attribute's value is trimmed the same way. Empty
/// values count as absent. Single-valued targets keep the first match of the earliest `|`
/// alternative; `tags` keeps every match. Direct children of the record that no path touches
/// and that hold only text go to `_extra` under their name as written (`wp:author_login`);
/// repeated names are joined with `||`. The record's own attributes that no path reads go to
/// `_extra` as `@name`.
final class XMLRecordBuilder {
    /// Bounds that keep memory flat whatever the document holds.
    static let maxValueBytes = 64 << 10
    /// Distinct unmapped values kept per record (each at most ``maxValueBytes``); any beyond
    /// are counted in an `xml_extra_dropped` note, never dropped unsaid.
    static let maxExtras = 1000

    let file: String
    let settings: ParseSettings
    let loadPresets: () throws(Diagnostic) -> [XMLMappingPreset]
    var ctxt: xmlParserCtxtPtr?

    // Outcome
    private(set) var rootSeen = false
    /// A reason to stop that is the caller's error (refused DOCTYPE, no mapping): thrown.
    private(set) var stopError: Diagnostic?
    /// The first fatal well-formedness error: message, line, column.
    private(set) var fatal: (message: String, line: Int, column: Int)?
    /// The open elements (prefix, local name, line), for a useful message when the input ends early.
    private var open: [(prefix: UnsafePointer<UInt8>?, local: UnsafePointer<UInt8>?, line: Int32)] = []
    private(set) var resolution: XMLMapping.Resolution?
    private(set) var recordCount = 0
    var queue: [ContactRecord] = []
    /// Until the first record: how often each element path two and three levels deep occurs
    /// (`/contacts/person`), to name the repeated element when the record path matched none.
    private(set) var shallowPaths: [String: Int] = [:]
    /// Elements outside the record path with the records' own name (`<contact>` under another
    /// parent than the path names), which are not read, and the line of the first: `parse`
    /// reports them, so records left out by the path are not left out without a word.
    private(set) var namesakesOutside = 0
    private(set) var firstNamesakeLine = 0

    // Document state
    private var compiled: XMLCompiledMapping?
    private var depth = 0
    /// Record-path NFA states of the open elements outside records (index 0 = the document).
    private var outsideStates: [UInt64] = [1]

    // Record state
    private var inRecord = false
    private var recordDepth = 0
    private var recordLine = 0
    private var frameStarts: [Int] = []
    private var active: [Int] = []
    private struct OpenCapture {
        var slot: Int          // -1: an `_extra` child
        var alternative: Int
        var depth: Int
        var buffer: Int
        var simple = true
        /// Text of the element's own (not inside a child) other than blanks: mixed content,
        /// whose whole text is its value even once it has children.
        var ownText = false
        var truncated = false
        var key: String?
    }
    private var captures: [OpenCapture] = []
    private var buffers: [[UInt8]] = []
    private var freeBuffers: [Int] = []
    private var extraOpen: Int?
    /// The names from the record's unmapped child down to the element being read, while inside
    /// one: the `_extra` key of a nested value (`bday/date`, `gContact:birthday/@when`).
    private var extraPath: [String] = []
    /// How deep inside an unmapped child values are still kept (a bound for hostile nesting).
    static let maxExtraDepth = 6
    private var values: [String?] = []
    private var valueAlternative: [Int] = []
    private var tags: [String] = []
    private var extras = XMLExtraValues()
    /// Unmapped values of the open record past ``maxExtras``.
    private var extrasDropped = 0
    private var notes: [Note] = []

    init(file: String, settings: ParseSettings, presets: @escaping () throws(Diagnostic) -> [XMLMappingPreset]) {
        self.file = file
        self.settings = settings
        self.loadPresets = presets
    }

    // MARK: SAX events

    func startElement(_ e: XMLElementEvent, namespaces: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, namespaceCount: Int) {
        depth += 1
        open.append((e.prefix, e.localName, ctxt?.pointee.input?.pointee.line ?? 0))
        if !rootSeen {
            rootSeen = true
            guard start(root: e, namespaces: namespaces, namespaceCount: namespaceCount) else { return }
        }
        guard let compiled else { return }
        if inRecord {
            startInside(e, rel: depth - recordDepth, compiled)
            return
        }
        if recordCount == 0 && (depth == 2 || depth == 3) && shallowPaths.count < 64 { countShallowPath() }
        let (states, isRecord) = compiled.advance(outsideStates[outsideStates.count - 1], e)
        if isRecord { startRecord(e, compiled) } else {
            outsideStates.append(states)
            if compiled.isRecordNamesake(e) {
                if namesakesOutside == 0 { firstNamesakeLine = Int(open[open.count - 1].line) }
                namesakesOutside += 1
            }
        }
    }

    private func countShallowPath() {
        let path = open.map { el in
            let local = el.local.map { String(cString: $0) } ?? "?"
            return el.prefix.map { String(cString: $0) + ":" + local } ?? local
        }.joined(separator: "/")
        shallowPaths["/" + path, default: 0] += 1
    }

    /// When no record was read: the element path that repeats most two or three levels deep,
    /// which is most likely where the records are; nil when none repeats (an empty export).
    var likelyRecordPath: (path: String, count: Int)? {
        guard recordCount == 0, let best = shallowPaths.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value >= 2 else { return nil }
        return (best.key, best.value)
    }

    func endElement() {
        defer {
            depth -= 1
            open.removeLast()
        }
        guard compiled != nil else { return }
        if inRecord {
            let rel = depth - recordDepth
            closeCaptures(depth: rel)
            if rel == 0 {
                finishRecord(reject: nil)
            } else {
                active.removeSubrange(frameStarts[rel]...)
                frameStarts.removeLast()
                if rel == 1 { extraOpen = nil }
            }
        } else if outsideStates.count > 1 {
            outsideStates.removeLast()
        }
    }

    func characters(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if captures.isEmpty { return }
        let chunk = UnsafeBufferPointer(start: p, count: n)
        if let last = captures.indices.last, captures[last].slot < 0, !captures[last].ownText,
           captures[last].depth == depth - recordDepth, chunk.contains(where: { !Self.isSpace($0) }) {
            captures[last].ownText = true
        }
        for k in captures.indices {
            let b = captures[k].buffer
            let room = Self.maxValueBytes - buffers[b].count
            if n <= room {
                buffers[b].append(contentsOf: chunk)
            } else {
                if room > 0 { buffers[b].append(contentsOf: chunk.prefix(room)) }
                captures[k].truncated = true
            }
        }
    }

    /// libxml2's structured error callback: keeps the first fatal error.
    func error(_ err: UnsafePointer<xmlError>) {
        guard fatal == nil, err.pointee.level == XML_ERR_FATAL else { return }
        var message = err.pointee.message.map { String(cString: $0) } ?? "not well-formed"
        while let last = message.last, last.isWhitespace { message.removeLast() }
        // libxml2 puts the offending bytes on a second line ("...\nBytes: 0xE9 0x3C"): one line.
        message = message.replacingOccurrences(of: "\n", with: "; ")
        // The push parser reports a document cut short as "Extra content at the end of the
        // document" (XML_ERR_DOCUMENT_END); say what is actually wrong.
        if err.pointee.code == Int32(XML_ERR_DOCUMENT_END.rawValue), let innermost = open.last {
            var name = innermost.local.map { String(cString: $0) } ?? "?"
            if let p = innermost.prefix { name = String(cString: p) + ":" + name }
            message = "the document ends before element '\(name)' (opened on line \(innermost.line)) is closed (truncated file?)"
        }
        // libxml2 refuses one name, value or text node over 10 MB (XML_MAX_TEXT_LENGTH; the
        // HUGE option that lifts it also lifts the limits that stop hostile files).
        if message.contains("Huge input lookup") || message.contains("huge text node") || message.contains("too long") {
            message = "a value or text longer than 10 MB, more than listwash reads in one field (\(message))"
        }
        fatal = (message, Int(err.pointee.line), Int(err.pointee.int2))
    }

    /// The SAX-level guard: a DOCTYPE with an external identifier, or any entity declaration,
    /// that the prolog scan did not see. Stops the parser before the root element.
    func refuse(_ message: String) {
        guard stopError == nil else { return }
        let line = Int(ctxt?.pointee.input?.pointee.line ?? 1)
        stopError = Diagnostic(at: SourcePosition(file: file, line: line, column: 1), message, code: "xml_entities_refused",
                               fix: XMLContactSource.entitiesFix)
        if let ctxt { xmlStopParser(ctxt) }
    }

    /// Stops the document at a start tag ``XMLMarkupGuard`` found past its bounds (libxml2 has
    /// not seen the tag), as at a fatal error; an earlier fatal error stands.
    func stop(_ trip: XMLMarkupGuard.Trip) {
        guard fatal == nil else { return }
        fatal = (trip.message, trip.line, trip.column)
        if let ctxt { xmlStopParser(ctxt) }
    }

    /// Ends the document early after a fatal error: a record left open becomes an
    /// `xml_malformed` reject carrying what was read of it.
    /// Returns whether a record was open.
    @discardableResult
    func abandonOpenRecord() -> Bool {
        guard inRecord, let fatal else { return false }
        closeCaptures(depth: -1)
        finishRecord(reject: Reject(code: .xmlMalformed, stage: "parse",
                                    reason: "the document breaks inside this record at line \(fatal.line), column \(fatal.column): \(fatal.message)",
                                    fix: XMLContactSource.malformedFix(fatal.message, recordsBefore: true)))
        return true
    }

    // MARK: Root and records

    private func start(root e: XMLElementEvent, namespaces: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, namespaceCount: Int) -> Bool {
        var declarations: [(prefix: String, uri: String)] = []
        if let namespaces {
            for k in 0..<namespaceCount {
                let prefix = namespaces[2 * k].map { String(cString: $0) } ?? ""
                let uri = namespaces[2 * k + 1].map { String(cString: $0) } ?? ""
                declarations.append((prefix, uri))
            }
        }
        let root = XMLMapping.RootElement(localName: e.localName.map { String(cString: $0) } ?? "",
                                          namespace: e.uri.map { String(cString: $0) }, declarations: declarations)
        do {
            let resolution = try XMLMapping.resolve(settings: settings, file: file, root: root, presets: loadPresets)
            let dict = ctxt?.pointee.dict
            let compiled = try XMLCompiledMapping(resolution.mapping, root: root) { s in
                Self.intern(s, in: dict)
            }
            self.resolution = resolution
            self.compiled = compiled
            values = Array(repeating: nil, count: compiled.targets.count)
            valueAlternative = Array(repeating: Int.max, count: compiled.targets.count)
            return true
        } catch {
            stopError = error
            if let ctxt { xmlStopParser(ctxt) }
            return false
        }
    }

    /// The parser dictionary's copy of `s` (so names compare by pointer); a leaked copy when
    /// there is no dictionary (never the case for a push parser, kept for safety).
    static func intern(_ s: String, in dict: xmlDictPtr?) -> UnsafePointer<UInt8> {
        var bytes = Array(s.utf8)
        if let dict, let p = xmlDictLookup(dict, &bytes, Int32(bytes.count)) { return p }
        bytes.append(0)
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        copy.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(copy)
    }

    private func startRecord(_ e: XMLElementEvent, _ compiled: XMLCompiledMapping) {
        inRecord = true
        recordDepth = depth
        recordCount += 1
        recordLine = startTagLine()
        frameStarts.removeAll(keepingCapacity: true)
        frameStarts.append(0)
        active.removeAll(keepingCapacity: true)
        active.append(0)
        extraOpen = nil
        terminals(of: 0, e, rel: 0, compiled)
        keepRecordAttributes(of: e, compiled)
    }

    /// The record element's own attributes that no column reads, as `_extra` values under
    /// `@name`: a contact written as one element's attributes (SQL Server's `FOR XML RAW`,
    /// `<contact id="7" email=".." title=".."/>`) lost every value no column named.
    private func keepRecordAttributes(of e: XMLElementEvent, _ compiled: XMLCompiledMapping) {
        guard let attributes = e.attributes, e.attributeCount > 0 else { return }
        let read = compiled.nodes[0].attributes
        for k in 0..<e.attributeCount {
            let base = attributes + 5 * k
            if read.contains(where: { $0.name.matches(local: base[0], uri: base[2]) }) { continue }
            let value = Self.trimmed(XMLElementEvent.attributeValue(base))
            guard !value.isEmpty else { continue }
            keepExtra("@" + Self.qualifiedName(base[0], base[1]), String(decoding: value, as: UTF8.self))
        }
    }

    private func startInside(_ e: XMLElementEvent, rel: Int, _ compiled: XMLCompiledMapping) {
        let parentStart = frameStarts[rel - 1]
        let parentEnd = active.count
        let newStart = active.count
        var k = parentStart
        while k < parentEnd {
            for child in compiled.nodes[active[k]].children where child.test.matches(e) { active.append(child.node) }
            k += 1
        }
        frameStarts.append(newStart)
        var m = newStart
        while m < active.count {
            terminals(of: active[m], e, rel: rel, compiled)
            m += 1
        }
        if rel == 1 {
            if active.count == newStart, extras.count >= Self.maxExtras {
                extrasDropped += 1
            } else if active.count == newStart {
                let key = Self.qualifiedName(e.localName, e.prefix)
                extraPath = [key]
                open(slot: -1, alternative: 0, rel: rel, key: key)
                extraOpen = captures.count - 1
                keepAttributes(of: e)
            }
        } else if extraOpen != nil {
            // An element inside an unmapped child: the child's text is no value any more
            // (unless it has text of its own around its children, mixed content such as
            // `<notes>Likes <b>tea</b></notes>`, whose whole text is kept), and the element's
            // text and attributes are kept under their path (xCard's `<bday><date>`, GData's
            // `<gContact:birthday when=...>`), which were lost.
            for i in captures.indices where captures[i].slot < 0 { captures[i].simple = false }
            guard rel <= Self.maxExtraDepth, extraPath.count >= rel - 1 else {
                extrasDropped += 1
                return
            }
            extraPath.removeSubrange((rel - 1)...)
            extraPath.append(Self.qualifiedName(e.localName, e.prefix))
            if extras.count >= Self.maxExtras {
                extrasDropped += 1
            } else {
                open(slot: -1, alternative: 0, rel: rel, key: extraPath.joined(separator: "/"))
            }
            keepAttributes(of: e)
        }
    }

    static func qualifiedName(_ local: UnsafePointer<UInt8>?, _ prefix: UnsafePointer<UInt8>?) -> String {
        let name = local.map { String(cString: $0) } ?? ""
        return prefix.map { String(cString: $0) + ":" + name } ?? name
    }

    /// The attributes of an unmapped element, as `_extra` values under `path/@name`.
    private func keepAttributes(of e: XMLElementEvent) {
        guard let attributes = e.attributes, e.attributeCount > 0 else { return }
        let path = extraPath.joined(separator: "/")
        for k in 0..<e.attributeCount {
            let base = attributes + 5 * k
            let value = Self.trimmed(XMLElementEvent.attributeValue(base))
            guard !value.isEmpty else { continue }
            keepExtra(path + "/@" + Self.qualifiedName(base[0], base[1]), String(decoding: value, as: UTF8.self))
        }
    }

    private func terminals(of node: Int, _ e: XMLElementEvent, rel: Int, _ compiled: XMLCompiledMapping) {
        let n = compiled.nodes[node]
        for (name, capture) in n.attributes {
            if let v = e.attribute(name) { offer(capture.slot, capture.alternative, v[...]) }
        }
        for capture in n.text { open(slot: capture.slot, alternative: capture.alternative, rel: rel, key: nil) }
    }

    private func open(slot: Int, alternative: Int, rel: Int, key: String?) {
        let b: Int
        if let f = freeBuffers.popLast() { b = f } else {
            buffers.append([])
            b = buffers.count - 1
        }
        captures.append(OpenCapture(slot: slot, alternative: alternative, depth: rel, buffer: b, key: key))
    }

    /// Closes the captures opened at `rel` (all of them for -1).
    private func closeCaptures(depth rel: Int) {
        while let c = captures.last, c.depth >= rel {
            captures.removeLast()
            let bytes = Self.trimmed(buffers[c.buffer])
            if c.truncated {
                let name = c.slot >= 0 ? compiled!.targets[c.slot].description : (c.key ?? "")
                notes.append(Note(code: "xml_value_truncated", field: name,
                                  message: "the value of '\(name)' is longer than \(Self.maxValueBytes) bytes and was cut"))
            }
            if c.slot >= 0 {
                offer(c.slot, c.alternative, bytes)
            } else if c.simple || c.ownText, !bytes.isEmpty, let key = c.key {
                let v = String(decoding: bytes, as: UTF8.self)
                extras.join(key, v)
            }
            buffers[c.buffer].removeAll(keepingCapacity: true)
            freeBuffers.append(c.buffer)
        }
    }

    private func offer(_ slot: Int, _ alternative: Int, _ raw: ArraySlice<UInt8>) {
        let bytes = Self.trimmed(raw)
        guard !bytes.isEmpty, let compiled else { return }
        let target = compiled.targets[slot]
        if target == .tags {
            tags.append(String(decoding: bytes, as: UTF8.self))
            return
        }
        let value = String(decoding: bytes, as: UTF8.self)
        // A single-valued target keeps one match; the others (a second <email>, a home address
        // after the primary) stay in `_extra` under "NAME (more)", never dropped.
        var displaced: String?
        if alternative < valueAlternative[slot] {
            displaced = values[slot]
            values[slot] = value
            valueAlternative[slot] = alternative
            // One element can match two alternatives of a slot, the later one offered first
            // (EWS's EmailAddress1 entry after another entry): that is no second value.
            extras.forgetLast("\(target) (more)", value)
        } else {
            displaced = value
        }
        if let displaced, displaced != values[slot] { keepExtra("\(target) (more)", displaced) }
    }

    /// Adds `value` to `_extra` under `key`, joined with `||` to a value already there.
    private func keepExtra(_ key: String, _ value: String) {
        if !extras.join(key, value, canAdd: extras.count < Self.maxExtras) { extrasDropped += 1 }
    }

    static func trimmed<C: RandomAccessCollection>(_ b: C) -> C.SubSequence where C.Element == UInt8 {
        var s = b.startIndex, e = b.endIndex
        while s < e, isSpace(b[s]) { s = b.index(after: s) }
        while e > s, isSpace(b[b.index(before: e)]) { e = b.index(before: e) }
        return b[s..<e]
    }

    /// XML whitespace.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private func finishRecord(reject: Reject?) {
        var r = ContactRecord(source: Provenance(file: file, record: recordCount, line: recordLine))
        var any = false
        if let compiled {
            var mappedExtras: [KeyValue] = []
            for (slot, target) in compiled.targets.enumerated() {
                guard let v = values[slot] else { continue }
                any = true
                switch target {
                case .property(let p): r[stringProperty: p] = v
                case .fullName: r.fullName = v
                case .field(let id): r.fields.append(KeyValue(id, v))
                case .extra(let name): mappedExtras.append(KeyValue(name, v))
                case .tags: break
                }
                values[slot] = nil
                valueAlternative[slot] = Int.max
            }
            r.extra = mappedExtras + extras.items.filter { e in !mappedExtras.contains { $0.key == e.key } }
        }
        r.tags = tags
        r.notes = notes
        if extrasDropped > 0 {
            r.notes.append(Note(code: "xml_extra_dropped", field: "_extra",
                                message: "\(extrasDropped) more unmapped value\(extrasDropped == 1 ? " was" : "s were") not kept: a record keeps at most \(Self.maxExtras), down to \(Self.maxExtraDepth) levels inside an unmapped element; map the values you need with --column"))
        }
        any = any || !tags.isEmpty || !extras.isEmpty
        tags.removeAll(keepingCapacity: true)
        extras.removeAll()
        notes.removeAll(keepingCapacity: true)
        extrasDropped = 0
        inRecord = false
        if let reject {
            r = r.rejected(reject)
        } else if !any {
            r = r.rejected(Reject(code: .recordEmpty, stage: "parse", reason: "the record element has no values",
                                  fix: "check the mapping's paths against the document (listwash parse --column NAME=PATH)"))
        }
        queue.append(r)
    }

    /// The line where the current start tag begins: libxml2's line is where the tag's name and
    /// attributes ended (SAX fires there), so count back the newlines inside the tag.
    private func startTagLine() -> Int {
        guard let input = ctxt?.pointee.input else { return 1 }
        let line = Int(input.pointee.line)
        guard let cur = input.pointee.cur, let base = input.pointee.base, cur >= base else { return max(line, 1) }
        var p = cur
        var newlines = 0
        while p > base {
            p -= 1
            if p.pointee == UInt8(ascii: "<") { break }
            if p.pointee == 0x0A { newlines += 1 }
        }
        return max(1, line - newlines)
    }
}

extension XMLRecordBuilder {
    /// Records a stop that came without a fatal structured error (libxml2's return code only).
    func error(withCode code: Int32) {
        var e = xmlError()
        e.level = XML_ERR_FATAL
        e.code = code
        e.line = ctxt?.pointee.input?.pointee.line ?? 0
        e.int2 = ctxt?.pointee.input?.pointee.col ?? 0
        "the parser stopped (libxml2 error \(code))".withCString { msg in
            e.message = UnsafeMutablePointer(mutating: msg)
            withUnsafePointer(to: e) { error($0) }
        }
    }
}
