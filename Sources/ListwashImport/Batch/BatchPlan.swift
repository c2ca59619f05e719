import ListwashCore

/// What a batch run produced, for the audit and for `manifest.json`: every request file with its
/// contacts, bytes, sha256 and first/last source record; the totals; the rejects; the settings
/// the requests carry; and warnings (a small import, a small batch that could not be avoided).
public struct BatchPlan: Sendable, Equatable {
    /// One request file.
    public struct Entry: Sendable, Hashable {
        public var file: String
        public var contacts: Int
        /// Exact size of the request body as written (and sent).
        public var bytes: Int
        /// Lowercase hex sha256 of the file's bytes (the batch identity `submit` resumes by).
        public var sha256: String
        /// Source of the batch's first and last contact.
        public var first: Provenance
        public var last: Provenance
        /// `batch-00001.src.jsonl` when written: each contact's source, in order.
        public var sourceMap: String?
        /// Lowercase hex sha256 of the source map's bytes, when written: `submit` refuses a map
        /// changed since, which would tie the API's answers to the wrong records.
        public var sourceMapSHA256: String? = nil
    }

    /// `rejects.jsonl`: every rejected record as its JSON line, `_reject` included.
    public struct RejectsFile: Sendable, Hashable {
        public var file: String
        public var records: Int
        public var bytes: Int
        public var sha256: String
    }

    /// The output directory, or nil for a plan made without writing (`plan_only`).
    public var directory: String?
    public var settings: BatchSettings
    public var batches: [Entry]
    /// Records the writer was given (live and rejected).
    public var records: Int
    /// Rejected records by code, upstream rejects included.
    public var rejected: [RejectCode: Int]
    public var rejectsFile: RejectsFile?
    /// Contacts that started a new batch because their email was already in the current one.
    public var repeatedEmailSplits: Int
    public var warnings: [String]

    public var contacts: Int { batches.reduce(0) { $0 + $1.contacts } }
    public var bytes: Int { batches.reduce(0) { $0 + $1.bytes } }
    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// 10 or fewer contacts in all: ActiveCampaign recommends the contacts API for these.
    public var isSmallImport: Bool { (1...BatchSettings.smallBatchLimit).contains(contacts) }

    /// The least time submitting takes at the documented rate limits (100 multi-contact and 20
    /// single-contact requests per minute), one request after another.
    public var minimumSubmitSeconds: Double {
        let single = batches.filter { $0.contacts == 1 }.count
        let multi = batches.count - single
        return Double(multi) * 60 / 100 + Double(single) * 60 / 20
    }

    /// The manifest document (`manifest.json`):
    /// ```json
    /// {"manifest_version":1,"generator":"listwash batch","directory":"out",
    ///  "totals":{"records":N,"contacts":N,"batches":N,"bytes":N,"rejected":N},
    ///  "rejected_by_code":{"email_invalid":3},
    ///  "settings":{"max_contacts":250,"max_bytes":399999,"tags":[],"subscribe":[],"exclude_automations":false,
    ///              "callback":{"url":"...","request_type":"POST","detailed_results":false,"params":{"run":"42"},"header_names":["X-Token"]}},
    ///  "files":[{"file":"batch-00001.json","contacts":250,"bytes":40123,"sha256":"...",
    ///            "first":{"file":"crm.csv","record":1,"line":2},"last":{...},"source_map":"batch-00001.src.jsonl",
    ///            "source_map_sha256":"..."}],
    ///  "rejects":{"file":"rejects.jsonl","records":N,"bytes":N,"sha256":"..."},
    ///  "repeated_email_splits":0,"minimum_submit_seconds":1.2,"warnings":[]}
    /// ```
    /// Callback header values are not recorded (they may be secrets).
    public var manifestJSON: [UInt8] {
        var w = JSONWriter(capacity: 256 + batches.count * 200)
        w.raw("{\"manifest_version\":1,\"generator\":\"listwash batch\",\"directory\":")
        if let directory { w.string(directory) } else { w.raw("null") }
        w.raw(",\"totals\":{\"records\":"); w.int(records)
        w.raw(",\"contacts\":"); w.int(contacts)
        w.raw(",\"batches\":"); w.int(batches.count)
        w.raw(",\"bytes\":"); w.int(bytes)
        w.raw(",\"rejected\":"); w.int(rejectedTotal)
        w.raw("},\"rejected_by_code\":{")
        for (i, (code, n)) in rejected.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(code.rawValue); w.int(n)
        }
        w.raw("},\"settings\":")
        writeSettings(to: &w)
        w.raw(",\"files\":[")
        for (i, e) in batches.enumerated() {
            if i > 0 { w.raw(",\n") } else { w.byte(0x0A) }
            w.raw("{\"file\":"); w.string(e.file)
            w.raw(",\"contacts\":"); w.int(e.contacts)
            w.raw(",\"bytes\":"); w.int(e.bytes)
            w.raw(",\"sha256\":"); w.string(e.sha256)
            w.raw(",\"first\":"); Self.writeSource(e.first, to: &w)
            w.raw(",\"last\":"); Self.writeSource(e.last, to: &w)
            if let m = e.sourceMap { w.raw(",\"source_map\":"); w.string(m) }
            if let h = e.sourceMapSHA256 { w.raw(",\"source_map_sha256\":"); w.string(h) }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("],\n\"rejects\":")
        if let r = rejectsFile {
            w.raw("{\"file\":"); w.string(r.file)
            w.raw(",\"records\":"); w.int(r.records)
            w.raw(",\"bytes\":"); w.int(r.bytes)
            w.raw(",\"sha256\":"); w.string(r.sha256)
            w.byte(UInt8(ascii: "}"))
        } else {
            w.raw("null")
        }
        w.raw(",\"repeated_email_splits\":"); w.int(repeatedEmailSplits)
        w.raw(",\"minimum_submit_seconds\":")
        w.bytes.append(contentsOf: String((minimumSubmitSeconds * 10).rounded() / 10).utf8)
        w.raw(",\"warnings\":[")
        for (i, text) in warnings.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.string(text) }
        w.raw("]}\n")
        return w.bytes
    }

    private func writeSettings(to w: inout JSONWriter) {
        w.raw("{\"max_contacts\":"); w.int(settings.maxContacts)
        w.raw(",\"source_map\":"); w.raw(settings.sourceMap ? "true" : "false")
        w.raw(",\"max_bytes\":"); w.int(settings.maxBytes)
        w.raw(",\"tags\":[")
        for (i, t) in settings.tags.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.string(t) }
        w.raw("],\"subscribe\":[")
        for (i, id) in settings.subscribe.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.int(id) }
        w.raw("],\"exclude_automations\":"); w.raw(settings.excludeAutomations ? "true" : "false")
        w.raw(",\"callback\":")
        if let c = settings.callback {
            w.raw("{\"url\":"); w.string(c.url)
            w.raw(",\"request_type\":"); w.string(c.requestType.rawValue)
            w.raw(",\"detailed_results\":"); w.raw(c.detailedResults ? "true" : "false")
            w.raw(",\"params\":{")
            for (i, p) in c.params.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.key(p.key); w.string(p.value) }
            w.raw("},\"header_names\":[")
            for (i, h) in c.headers.enumerated() { if i > 0 { w.byte(UInt8(ascii: ",")) }; w.string(h.key) }
            w.raw("]}")
        } else {
            w.raw("null")
        }
        w.byte(UInt8(ascii: "}"))
    }

    private static func writeSource(_ p: Provenance, to w: inout JSONWriter) {
        w.raw("{\"file\":"); w.string(p.file)
        w.raw(",\"record\":"); w.int(p.record)
        w.raw(",\"line\":"); w.int(p.line)
        w.byte(UInt8(ascii: "}"))
    }
}
