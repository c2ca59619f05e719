import ListwashCore

/// The part of a bulk-import request around the contacts: `{"contacts":[` before them, and
/// `]`, the request-level keys (`exclude_automations`, `callback`) and `}` after. The same for
/// every batch of a run, so a batch's exact size is `overhead + body`.
struct RequestEnvelope: Sendable {
    let prefix: [UInt8]
    let suffix: [UInt8]

    var overhead: Int { prefix.count + suffix.count }

    init(settings: BatchSettings) {
        prefix = Array("{\"contacts\":[".utf8)
        var w = JSONWriter(capacity: 256)
        w.byte(UInt8(ascii: "]"))
        if settings.excludeAutomations { w.raw(",\"exclude_automations\":true") }
        if let c = settings.callback {
            w.raw(",\"callback\":{\"url\":"); w.string(c.url)
            w.raw(",\"requestType\":"); w.string(c.requestType.rawValue)
            // The API takes this flag as a string ("true").
            if c.detailedResults { w.raw(",\"detailed_results\":\"true\"") }
            if !c.params.isEmpty { w.raw(",\"params\":"); Self.writePairs(c.params, to: &w) }
            if !c.headers.isEmpty { w.raw(",\"headers\":"); Self.writePairs(c.headers, to: &w) }
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
        suffix = w.bytes
    }

    /// `[{"key":"run","value":"42"},...]`
    private static func writePairs(_ pairs: [KeyValue], to w: inout JSONWriter) {
        w.byte(UInt8(ascii: "["))
        for (i, p) in pairs.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"key\":"); w.string(p.key)
            w.raw(",\"value\":"); w.string(p.value)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "]"))
    }
}
