#if canImport(Glibc)
import Glibc
#endif
extension ContactRecord {
    /// Writes the record as one compact JSON object (no newline), keys in contract order.
    /// Empty properties are omitted; `_src` is always written.
    public func writeJSON(to w: inout JSONWriter) {
        w.byte(UInt8(ascii: "{"))
        var first = true
        // Keys with their comma (JSONWriter.member): one copy each.
        func str(_ k: StaticString, _ v: String?, _ w: inout JSONWriter) {
            guard let v, !v.isEmpty else { return }
            w.member(k, first: &first); w.string(v)
        }
        str(",\"email\":", email, &w)
        str(",\"first_name\":", firstName, &w)
        str(",\"last_name\":", lastName, &w)
        str(",\"phone\":", phone, &w)
        str(",\"customer_acct_name\":", customerAcctName, &w)
        if !tags.isEmpty {
            w.member(",\"tags\":[", first: &first)
            for (i, t) in tags.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.string(t) }
            w.byte(UInt8(ascii: "]"))
        }
        // The rare properties are read from their box only when the record has one (most have
        // none); through the accessors each would have fetched the shared empty box.
        let rare = storage.rare
        if let rare {
            if !rare.fields.isEmpty { w.member(",\"fields\":", first: &first); Self.writeObject(rare.fields, to: &w) }
            if !rare.subscribe.isEmpty { w.member(",\"subscribe\":", first: &first); Self.writeInts(rare.subscribe, to: &w) }
            if !rare.unsubscribe.isEmpty { w.member(",\"unsubscribe\":", first: &first); Self.writeInts(rare.unsubscribe, to: &w) }
            str(",\"_full_name\":", rare.fullName, &w)
        }
        w.member(",\"_src\":", first: &first); Self.writeProvenance(source, to: &w)
        guard let rare else { return w.byte(UInt8(ascii: "}")) }
        if !rare.extra.isEmpty { w.member(",\"_extra\":", first: &first); Self.writeObject(rare.extra, to: &w) }
        if !rare.notes.isEmpty {
            w.member(",\"_notes\":[", first: &first)
            for (i, n) in rare.notes.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.raw("{\"code\":"); w.string(n.code)
                if let f = n.field { w.raw(",\"field\":"); w.string(f) }
                w.raw(",\"message\":"); w.string(n.message)
                if !n.lists.isEmpty { w.raw(",\"lists\":"); Self.writeInts(n.lists, to: &w) }
                w.byte(UInt8(ascii: "}"))
            }
            w.byte(UInt8(ascii: "]"))
        }
        if !rare.changes.isEmpty {
            w.member(",\"_changes\":[", first: &first)
            for (i, c) in rare.changes.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.raw("{\"field\":"); w.string(c.field)
                w.raw(",\"before\":"); if let b = c.before { w.string(b) } else { w.raw("null") }
                w.raw(",\"after\":"); if let a = c.after { w.string(a) } else { w.raw("null") }
                w.raw(",\"rule\":"); w.string(c.rule); w.byte(UInt8(ascii: "}"))
            }
            w.byte(UInt8(ascii: "]"))
        }
        if !rare.merged.isEmpty {
            w.member(",\"_merged\":[", first: &first)
            for (i, p) in rare.merged.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; Self.writeProvenance(p, to: &w) }
            w.byte(UInt8(ascii: "]"))
        }
        if let r = rare.reject { w.member(",\"_reject\":", first: &first); r.writeJSON(to: &w) }
        w.byte(UInt8(ascii: "}"))
    }

    /// The record as one JSON line, without the newline.
    public var jsonLine: String {
        var w = JSONWriter()
        writeJSON(to: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Writes the `_src` object: `{"file":…,"record":…,"line":…}`.
    public static func writeProvenance(_ p: Provenance, to w: inout JSONWriter) {
        w.raw("{\"file\":"); w.string(p.file)
        w.raw(",\"record\":"); w.int(p.record)
        w.raw(",\"line\":"); w.int(p.line)
        w.byte(UInt8(ascii: "}"))
    }

    static func writeObject(_ pairs: [KeyValue], to w: inout JSONWriter) {
        w.byte(UInt8(ascii: "{"))
        for (i, kv) in pairs.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(kv.key); w.string(kv.value)
        }
        w.byte(UInt8(ascii: "}"))
    }

    static func writeInts(_ ints: [Int], to w: inout JSONWriter) {
        w.byte(UInt8(ascii: "["))
        for (i, v) in ints.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.int(v) }
        w.byte(UInt8(ascii: "]"))
    }
}

extension Reject {
    /// Writes the reject object of the record contract.
    public func writeJSON(to w: inout JSONWriter) {
        w.raw("{\"code\":"); w.string(code.rawValue)
        w.raw(",\"stage\":"); w.string(stage)
        w.raw(",\"reason\":"); w.string(reason)
        if let fix { w.raw(",\"fix\":"); w.string(fix) }
        if let column { w.raw(",\"column\":"); w.int(column) }
        if let into {
            w.raw(",\"into\":"); ContactRecord.writeProvenance(into, to: &w)
        }
        if let match {
            w.raw(",\"match\":{\"file\":"); w.string(match.file)
            w.raw(",\"line\":"); w.int(match.line)
            w.raw(",\"entry\":"); w.string(match.entry); w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
    }
}

extension Optional where Wrapped == String {
    /// Empty text is unknown, like an absent key (DESIGN §2): read both the same way, so that
    /// writing and reading a record again gives the same record.
    var nonEmpty: String? {
        if case .some(let s) = self, !s.isEmpty { return s }
        return nil
    }
}

/// Why a JSON line could not be read as a record.
public struct RecordDecodingError: Error, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String
    /// What could be read of a line that is a JSON object but not a record: its `_src`, its
    /// email, and every other member's value in `_extra`; for the reject, so that the rejects
    /// stream still says where the record came from and what it held.
    public var salvaged: ContactRecord?

    public init(column: Int, message: String, salvaged: ContactRecord? = nil) {
        self.column = column
        self.message = message
        self.salvaged = salvaged
    }

    public var description: String { "column \(column): \(message)" }
}

extension ContactRecord {
    /// Reads one record from a JSON Lines line.
    ///
    /// Unknown keys without `_` (columns written by another tool) go to `_extra`, so nothing is
    /// lost; unknown `_` keys are ignored (they are listwash's own, from a newer version).
    /// - Parameter fallback: provenance for a line that has no `_src` (records made by hand).
    /// - Parameter files: remembers the last `_src.file` so that a stream of records from one
    ///   file shares one `String` instead of decoding the name again for every record.
    /// - Parameter wanted: the properties to decode; the others are checked as usual but left
    ///   absent (``RecordFieldSet``), and so are a reject's `reason` and `fix` unless `wanted`
    ///   is ``RecordFieldSet/all``. Such a record is only for deciding whether to pass its line
    ///   on: written again, it would lose them.
    public static func decode(jsonLine line: UnsafeBufferPointer<UInt8>, fallback: Provenance, files: FileNameCache? = nil, wanted: RecordFieldSet = .all) throws(RecordDecodingError) -> ContactRecord {
        var s = JSONScanner(line)
        var r = ContactRecord(source: fallback)
        var ownSource = false
        // The line's `_reject` had an unknown code and was replaced: the line no longer says it.
        var rewroteReject = false
        /// A string property's value, or nil (checked, not made) when it is not wanted.
        func property(_ field: RecordFieldSet, _ s: inout JSONScanner) throws(JSONSyntaxError) -> String? {
            if wanted.contains(field) { return try s.stringish().nonEmpty }
            try s.skipStringish()
            return nil
        }
        // The member whose value is being read, to name in an error ("expected a string" alone
        // does not say which of thirty keys was off-type); nil between members.
        var member: UnsafeBufferPointer<UInt8>?
        do throws(JSONSyntaxError) {
            try s.members { (s, raw) throws(JSONSyntaxError) in
                member = raw
                switch RecordKey(raw) {
                case .email: r.email = try property(.email, &s)
                case .firstName: r.firstName = try property(.firstName, &s)
                case .lastName: r.lastName = try property(.lastName, &s)
                case .phone: r.phone = try property(.phone, &s)
                case .customerAcctName: r.customerAcctName = try property(.customerAcctName, &s)
                case .tags:
                    if s.consumeNull() { break }
                    if s.peek() != UInt8(ascii: "[") {
                        // One tag written without its list ("tags":"vip"), as by hand: that tag.
                        if let t = try property(.tags, &s) { r.tags = [t] }
                        break
                    }
                    if !wanted.contains(.tags) {
                        try s.array { (s) throws(JSONSyntaxError) in try s.skipStringish() }
                        break
                    }
                    try s.array { (s) throws(JSONSyntaxError) in if let t = try s.stringish() { r.tags.append(t) } }
                case .fields:
                    if s.consumeNull() { break }
                    if s.peek() == UInt8(ascii: "[") {
                        // The bulk-import shape [{"id":12,"value":"gold"}] is accepted too.
                        try s.array { (s) throws(JSONSyntaxError) in
                            var id: String?, value: String?
                            try s.object { (s, k) throws(JSONSyntaxError) in
                                switch k {
                                case "id": id = try s.stringish()
                                case "value": value = try s.stringish()
                                default: _ = try s.value()
                                }
                            }
                            if let id { r.fields.append(KeyValue(id, value ?? "")) }
                        }
                    } else {
                        try s.object { (s, k) throws(JSONSyntaxError) in r.fields.append(KeyValue(k, try s.stringish() ?? "")) }
                    }
                case .subscribe, .unsubscribe:
                    var ids: [Int] = []
                    if s.peek() != UInt8(ascii: "[") && s.peek() != UInt8(ascii: "n") {
                        ids.append(try s.int())  // one list id without its list ("subscribe":3)
                    } else if !s.consumeNull() {
                        try s.array { (s) throws(JSONSyntaxError) in
                            if s.peek() == UInt8(ascii: "{") {
                                try s.object { (s, k) throws(JSONSyntaxError) in
                                    if k == "listid" { ids.append(try s.int()) } else { _ = try s.value() }
                                }
                            } else {
                                ids.append(try s.int())
                            }
                        }
                    }
                    if raw.count == 9 { r.subscribe = ids } else { r.unsubscribe = ids }
                case .fullName: r.fullName = try s.optionalString().nonEmpty
                case .source:
                    let source = try provenance(&s, files: files)
                    if source.isKnown {
                        r.source = source
                        ownSource = true
                    }
                case .extra:
                    if s.consumeNull() { break }
                    try s.object { (s, k) throws(JSONSyntaxError) in r.extra.append(KeyValue(k, try s.value().text)) }
                case .notes:
                    try s.array { (s) throws(JSONSyntaxError) in
                        var n = Note(code: "", message: "")
                        try s.object { (s, k) throws(JSONSyntaxError) in
                            switch k {
                            case "code": n.code = try s.string()
                            case "field": n.field = try s.optionalString()
                            case "message": n.message = try s.string()
                            case "lists": try s.array { (s) throws(JSONSyntaxError) in n.lists.append(try s.int()) }
                            default: _ = try s.value()
                            }
                        }
                        r.notes.append(n)
                    }
                case .changes:
                    try s.array { (s) throws(JSONSyntaxError) in
                        var c = Change(field: "", before: nil, after: nil, rule: "")
                        try s.object { (s, k) throws(JSONSyntaxError) in
                            switch k {
                            case "field": c.field = try s.string()
                            case "before": c.before = try s.optionalString()
                            case "after": c.after = try s.optionalString()
                            case "rule": c.rule = try s.string()
                            default: _ = try s.value()
                            }
                        }
                        r.changes.append(c)
                    }
                case .merged:
                    try s.array { (s) throws(JSONSyntaxError) in r.merged.append(try provenance(&s)) }
                case .reject:
                    if s.consumeNull() { break }
                    let rej = try reject(&s, files: files, texts: wanted == .all)
                    let replaced = replacingUnknownCode(rej, files: files, texts: wanted == .all)
                    r.reject = replaced ?? rej
                    rewroteReject = replaced != nil
                case nil:
                    let v = try s.value()
                    if raw.first != UInt8(ascii: "_") { r.extra.append(KeyValue(String(decoding: raw, as: UTF8.self), v.text)) }
                }
                member = nil  // not on a throw: the catch below names it
            }
            s.skipWhitespace()
            if !s.atEnd { throw s.error("unexpected text after the record") }
        } catch {
            var message = error.message
            if let member {
                // At most 60 characters of the key: a hostile line may hold a key of megabytes.
                // Kept as written, like every value in a reason; printing makes it terminal-safe.
                let key = String(decoding: member, as: UTF8.self)
                message += " in the value of \"" + (key.count > 60 ? key.prefix(60) + "…" : key) + "\""
            }
            throw RecordDecodingError(column: error.column, message: message, salvaged: salvage(line, fallback: fallback))
        }
        // Without its own `_src` the record holds the reader's fallback, which the line does not say.
        if ownSource && !rewroteReject { r.markUnchangedSinceDecoding() }
        return r
    }

    /// The record ``RecordDecodingError/salvaged`` holds, or nil when `line` is not a JSON
    /// object: its own `_src` when that reads, its email when a string, every other member
    /// not listwash's own in `_extra` as text (nested values as compact JSON).
    static func salvage(_ line: UnsafeBufferPointer<UInt8>, fallback: Provenance) -> ContactRecord? {
        var s = JSONScanner(line)
        guard case .object(let members)? = try? s.value() else { return nil }
        var r = ContactRecord(source: fallback)
        for (key, value) in members {
            switch (key, value) {
            case ("_src", .object(let src)):
                let field = { (name: String) in src.first { $0.0 == name }?.1 }
                if case .string(let file)? = field("file"), case .number(let n)? = field("record"), let record = Int(n) {
                    var line = 0
                    if case .number(let l)? = field("line") { line = Int(l) ?? 0 }
                    r.source = Provenance(file: file, record: record, line: line)
                }
            case ("email", .string(let email)):
                r.email = email.isEmpty ? nil : email
            case (_, .null):
                continue
            default:
                if !key.hasPrefix("_") { r.extra.append(KeyValue(key, value.text)) }
            }
        }
        return r
    }

    /// A `_reject` object. Without `texts`, its `reason` and `fix` are checked but left empty:
    /// for a record passed on as its line (``RecordFieldSet``).
    static func reject(_ s: inout JSONScanner, files: FileNameCache?, texts: Bool) throws(JSONSyntaxError) -> Reject {
        var rej = Reject(code: RejectCode(""), stage: "", reason: "")
        try s.members { (s, k) throws(JSONSyntaxError) in
            switch RejectKey(k) {
            case .code: rej.code = RejectCode(try s.string())
            case .stage: rej.stage = try s.string()
            case .reason: if texts { rej.reason = try s.string() } else { try s.skipString() }
            case .fix: if texts { rej.fix = try s.optionalString() } else if !s.consumeNull() { try s.skipString() }
            case .column: rej.column = s.consumeNull() ? nil : try s.int()
            case .into: rej.into = s.consumeNull() ? nil : try provenance(&s, files: files)
            case .match:
                var m = ExclusionMatch(file: "", line: 0, entry: "")
                try s.object { (s, k) throws(JSONSyntaxError) in
                    switch k {
                    case "file": m.file = try s.string()
                    case "line": m.line = try s.int()
                    case "entry": m.entry = try s.string()
                    default: _ = try s.value()
                    }
                }
                rej.match = m
            case nil: _ = try s.value()
            }
        }
        if rej.code.rawValue.isEmpty { throw s.error("'_reject' has no 'code'") }
        return rej
    }

    /// Whether `code` is in the registry; the codes found so far are remembered in `files`, so
    /// a stream of rejects compares each with the few its stream holds.
    static func isKnown(_ code: RejectCode, files: FileNameCache?) -> Bool {
        guard let files else { return code.isKnown }
        if files.knownCodes.contains(code) { return true }
        guard code.isKnown else { return false }
        files.knownCodes.append(code)
        return true
    }

    /// Nil when `rej`'s code is a listwash reject code, else a `row_malformed` reject saying
    /// what it was (without `texts`, its reason and fix left empty as ``reject(_:files:texts:)``
    /// leaves them). Passed on as read, such a record was counted under a code `listwash codes`,
    /// `batch`'s manifest and the audit gates do not know; it stays rejected, so the ledger
    /// still balances.
    static func replacingUnknownCode(_ rej: Reject, files: FileNameCache?, texts: Bool) -> Reject? {
        if isKnown(rej.code, files: files) { return nil }
        guard texts else { return Reject(code: .rowMalformed, stage: rej.stage.isEmpty ? "unknown" : rej.stage, reason: "", column: rej.column, into: rej.into, match: rej.match) }
        let code = rej.code.rawValue
        let shown = code.count > 60 ? code.prefix(60) + "…" : code
        var said = rej.stage.isEmpty ? "" : "stage '\(rej.stage)'"
        if !rej.reason.isEmpty { said += (said.isEmpty ? "" : ": ") + rej.reason }
        return Reject(
            code: .rowMalformed, stage: rej.stage.isEmpty ? "unknown" : rej.stage,
            reason: "its '_reject' code '\(shown)' is not a listwash reject code" + (said.isEmpty ? "" : " (\(said))"),
            fix: "'listwash codes' lists the reject codes: correct the code where this record was made, or remove its '_reject' to let it through",
            column: rej.column, into: rej.into, match: rej.match)
    }

    static func provenance(_ s: inout JSONScanner, files: FileNameCache? = nil) throws(JSONSyntaxError) -> Provenance {
        if let files, let p = try provenanceAsWritten(&s, files: files) { return p }
        var p = Provenance(file: "", record: 0, line: 0)
        // Keys matched on their bytes: a `String` per key was 5% of `batch` (three per record).
        try s.members { (s, k) throws(JSONSyntaxError) in
            if k.isKey("file") {
                if let files, let raw = try s.rawString() { p.file = files.name(raw) } else { p.file = try s.string() }
            } else if k.isKey("record") {
                p.record = try s.int()
            } else if k.isKey("line") {
                p.line = try s.int()
            } else {
                _ = try s.value()
            }
        }
        return p
    }

    /// `_src` as listwash writes it, `{"file":"NAME","record":N,"line":M}`, for the file named
    /// last (``FileNameCache``): compared as bytes, where the general read above goes through
    /// three keys and the name. Nil, having consumed nothing, for anything else; the general
    /// read then takes it (and meets any error in the same place with the same message, as
    /// both read the numbers with ``JSONScanner/int()``).
    @inline(__always)
    private static func provenanceAsWritten(_ s: inout JSONScanner, files: FileNameCache) throws(JSONSyntaxError) -> Provenance? {
        let start = s.position
        s.skipWhitespace()
        guard files.sourcePrefix.withUnsafeBufferPointer({ s.consumeLiteral($0) }) else {
            s.rewind(to: start)
            return nil
        }
        let record = try s.int()
        guard FileNameCache.lineKey.withUnsafeBufferPointer({ s.consumeLiteral($0) }) else {
            s.rewind(to: start)
            return nil
        }
        let line = try s.int()
        guard s.consume(UInt8(ascii: "}")) else {
            s.rewind(to: start)
            return nil
        }
        return Provenance(file: files.last, record: record, line: line)
    }

    /// Reads one record from a JSON string (tests and small tools).
    public static func decode(jsonLine text: String, fallback: Provenance = Provenance(file: "-", record: 1, line: 1)) throws(RecordDecodingError) -> ContactRecord {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (p) throws(RecordDecodingError) -> ContactRecord in try decode(jsonLine: p, fallback: fallback) }
    }
}

/// The keys of a record object, matched on their bytes (no `String` per key).
enum RecordKey {
    case email, firstName, lastName, phone, customerAcctName, tags, fields, subscribe, unsubscribe
    case fullName, source, extra, notes, changes, merged, reject

    /// The key whose bytes are `raw`, found by length first, so that it is compared with at
    /// most three names (a search of all sixteen was 4% of `dedupe`).
    init?(_ raw: UnsafeBufferPointer<UInt8>) {
        let key: RecordKey?
        switch raw.count {
        case 4: key = raw.isKey("tags") ? .tags : raw.isKey("_src") ? .source : nil
        case 5: key = raw.isKey("email") ? .email : raw.isKey("phone") ? .phone : nil
        case 6: key = raw.isKey("fields") ? .fields : raw.isKey("_extra") ? .extra : raw.isKey("_notes") ? .notes : nil
        case 7: key = raw.isKey("_reject") ? .reject : raw.isKey("_merged") ? .merged : nil
        case 8: key = raw.isKey("_changes") ? .changes : nil
        case 9: key = raw.isKey("last_name") ? .lastName : raw.isKey("subscribe") ? .subscribe : nil
        case 10: key = raw.isKey("first_name") ? .firstName : raw.isKey("_full_name") ? .fullName : nil
        case 11: key = raw.isKey("unsubscribe") ? .unsubscribe : nil
        case 18: key = raw.isKey("customer_acct_name") ? .customerAcctName : nil
        default: key = nil
        }
        guard let key else { return nil }
        self = key
    }
}

/// The keys of `_reject`, matched on their bytes like ``RecordKey``: a rejected record passes
/// through every later stage, and a `String` per key was made for each.
enum RejectKey {
    case code, stage, reason, fix, column, into, match

    init?(_ raw: UnsafeBufferPointer<UInt8>) {
        let key: RejectKey?
        switch raw.count {
        case 3: key = raw.isKey("fix") ? .fix : nil
        case 4: key = raw.isKey("code") ? .code : raw.isKey("into") ? .into : nil
        case 5: key = raw.isKey("stage") ? .stage : raw.isKey("match") ? .match : nil
        case 6: key = raw.isKey("reason") ? .reason : raw.isKey("column") ? .column : nil
        default: key = nil
        }
        guard let key else { return nil }
        self = key
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes (an object key from ``JSONScanner/members(_:)``) spell `name`.
    @inline(__always)
    func isKey(_ name: StaticString) -> Bool {
        name.utf8CodeUnitCount == count && (count == 0 || memcmp(name.utf8Start, baseAddress!, count) == 0)
    }
}

/// The last file name read from `_src`, reused while the records keep naming the same file.
public final class FileNameCache {
    private(set) var last = ""
    /// `{"file":"LAST","record":`, how `_src` starts for the last name (empty before one); the
    /// name's bytes are the middle of it.
    private(set) var sourcePrefix: [UInt8] = []
    /// The reject codes of the registry met so far (``ContactRecord/isKnown(_:files:)``).
    var knownCodes: [RejectCode] = []
    private static let head = Array("{\"file\":\"".utf8), tail = Array("\",\"record\":".utf8)
    static let lineKey = Array(",\"line\":".utf8)

    public init() {}

    func name(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        if raw.isEmpty { return "" }
        if raw.count == sourcePrefix.count - Self.head.count - Self.tail.count,
           sourcePrefix.withUnsafeBufferPointer({ ByteWord.same($0.baseAddress! + Self.head.count, raw.baseAddress!, count: raw.count) }) {
            return last
        }
        last = String(decoding: raw, as: UTF8.self)
        sourcePrefix = Self.head + Array(raw) + Self.tail
        return last
    }
}
