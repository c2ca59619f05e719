import ListwashCore

extension AuditReport {
    /// One self-contained page: inline CSS and SVG bar charts, no script and nothing loaded from
    /// the network (DESIGN §6). Every section has an `id` so a browser test can find it.
    public var html: String {
        var h = HTMLBuilder()
        h.raw("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>listwash audit: \(escape(pipeline))</title>
        <style>\(Self.css)</style>
        </head><body><main>

        """)
        h.raw("<header><h1>Audit <span class=\"name\">\(escape(pipeline))</span></h1>")
        h.raw(gateFailures.isEmpty ? "" : "<p class=\"gate-failed\">Gates failed: \(gateFailures.count)</p>")
        h.raw("</header>\n")

        // Summary tiles. "Rejected" is every reject, merged duplicates included, as in the JSON
        // (`summary.rejected`), the terminal and the equation under the tiles.
        h.raw("<section id=\"summary\"><h2>Summary</h2><div class=\"tiles\">")
        for (label, value, cls) in [("Read", String(recordsRead), ""), ("Importable", String(importable), "good"),
                                    ("Rejected", String(rejected), rejectsExcludingDuplicates > 0 ? "bad" : ""),
                                    ("Duplicates merged", String(duplicatesMerged), ""),
                                    ("Reject rate", percent(rejectRate), ""), ("Batches", String(batchPlan?.batches ?? 0), "")] {
            h.raw("<div class=\"tile \(cls)\"><div class=\"value\" data-key=\"\(slug(label))\">\(escape(value))</div><div class=\"label\">\(escape(label))</div></div>")
        }
        let merged = duplicatesMerged > 0 ? " (merged duplicates among them: \(duplicatesMerged))" : ""
        h.raw("</div><p class=\"equation\">read \(recordsRead) = importable \(importable) + rejected \(rejected)\(merged)\(isBalanced ? " ✓" : " — UNBALANCED")</p></section>\n")

        // Funnel.
        h.raw("<section id=\"funnel\"><h2>Funnel</h2>")
        h.raw(Self.barChart(funnel.map { ($0.stage, $0.output, "out, \($0.rejectedHere) rejected here") },
                            maxValue: max(recordsRead, 1), color: "#2f6fb3", title: "records left after each stage"))
        h.raw("<table><thead><tr><th>stage</th><th class=\"n\">in</th><th class=\"n\">out</th><th class=\"n\">rejected</th><th class=\"n\">here</th><th>conservation</th></tr></thead><tbody>")
        for s in funnel {
            h.raw("<tr><td>\(escape(s.stage))</td><td class=\"n\">\(s.input)</td><td class=\"n\">\(s.output)</td><td class=\"n\">\(s.rejected)</td><td class=\"n\">\(s.rejectedHere)</td><td><code>\(escape(s.equation))</code>\(s.stage == "parse" || s.facts.isEmpty ? "" : "<br><small>" + escape(s.facts.map { "\($0.key): \($0.value)" }.joined(separator: "; ")) + "</small>")</td></tr>")
        }
        h.raw("</tbody></table></section>\n")

        // Rejects.
        h.raw("<section id=\"rejects\"><h2>Rejects by code</h2>")
        if rejects.isEmpty { h.raw("<p class=\"none\">No record was rejected.</p>") } else {
            h.raw(Self.barChart(rejects.map { ($0.code.rawValue, $0.count, $0.meaning) }, maxValue: rejects.map(\.count).max() ?? 1,
                                color: "#c0392b", title: "rejects by code"))
            for g in rejects {
                h.raw("<details open><summary><code>\(escape(g.code.rawValue))</code> <span class=\"count\">\(g.count)</span> <span class=\"stage\">\(escape(g.stage))</span> — \(escape(g.meaning))</summary>")
                h.raw(Self.examplesTable(g.examples))
                h.raw("</details>")
            }
        }
        h.raw("</section>\n")

        // Duplicates.
        h.raw("<section id=\"duplicates\"><h2>Duplicates</h2><p>Merged: <strong>\(duplicatesMerged)</strong></p>")
        if let d = rejects.first(where: { $0.code == .duplicateMerged }) { h.raw(Self.examplesTable(d.examples)) }
        for g in fuzzyCandidates {
            h.raw("<h3>Fuzzy candidates <code>\(escape(g.code))</code>: \(g.count)</h3><p>Same phone or name with a different email: reported, never merged automatically.</p>")
            h.raw(Self.examplesTable(g.examples))
        }
        h.raw("</section>\n")

        // Exclusions.
        h.raw("<section id=\"exclusions\"><h2>Exclusion hits</h2>")
        if exclusions.isEmpty { h.raw("<p class=\"none\">No contact matched an exclusion.</p>") } else {
            h.raw("<table><thead><tr><th>rule</th><th>list</th><th class=\"n\">hits</th><th>example</th></tr></thead><tbody>")
            for g in exclusions {
                let ex = g.examples.first.map { "\(clipped($0.value)) — \(clipped($0.reason))" } ?? ""
                h.raw("<tr><td><code>\(escape(g.rule.rawValue))</code></td><td>\(escape(g.file))</td><td class=\"n\">\(g.count)</td><td>\(escape(ex))</td></tr>")
            }
            h.raw("</tbody></table>")
        }
        h.raw("</section>\n")

        // Fill rates.
        h.raw("<section id=\"fill-rates\"><h2>Field fill rates</h2>")
        h.raw(Self.barChart(fillRates.map { ($0.name, $0.count, importable == 0 ? "0%" : percent(Double($0.count) / Double(importable))) },
                            maxValue: max(importable, 1), color: "#27ae60", title: "share of importable contacts with a value, as sent"))
        if let added = batchAdds { h.raw("<p>Tags and subscribe include what batch adds to every contact: \(escape(added)).</p>") }
        h.raw("</section>\n")

        // Unmapped columns.
        h.raw("<section id=\"unmapped\"><h2>Unmapped source columns</h2>")
        if unmappedColumns.isEmpty { h.raw("<p class=\"none\">Every source column was mapped.</p>") } else {
            h.raw("<p>Kept in <code>_extra</code>, never sent. Map them with <code>columns:</code> if they matter.</p><table><tbody>")
            for c in unmappedColumns { h.raw("<tr><td>\(escape(c.name))</td><td class=\"n\">\(c.count)</td></tr>") }
            h.raw("</tbody></table>")
        }
        h.raw("</section>\n")

        // Domains.
        h.raw("<section id=\"domains\"><h2>Top domains</h2>")
        if topDomains.isEmpty { h.raw("<p class=\"none\">No importable email.</p>") } else {
            h.raw(Self.barChart(topDomains.map { ($0.name, $0.count, "") } + (otherDomains > 0 ? [("(other)", otherDomains, "")] : []),
                                maxValue: max(topDomains.first?.count ?? 1, otherDomains), color: "#8e44ad", title: "importable contacts by email domain"))
        }
        for g in typoSuggestions {
            h.raw("<h3>Typo suggestions <code>\(escape(g.code))</code>: \(g.count)</h3>")
            h.raw(Self.examplesTable(g.examples))
        }
        h.raw("</section>\n")

        // Phones.
        h.raw("<section id=\"phones\"><h2>Invalid phones</h2>")
        let phoneRejects = rejects.first { $0.code == .phoneInvalid }?.count ?? 0
        if invalidPhones.isEmpty && phoneRejects == 0 { h.raw("<p class=\"none\">No invalid phone number.</p>") }
        for g in invalidPhones {
            h.raw("<h3><code>\(escape(g.code))</code>: \(g.count)</h3>")
            h.raw(Self.examplesTable(g.examples))
        }
        if phoneRejects > 0 { h.raw("<p>Rejected for the phone: \(phoneRejects)</p>") }
        h.raw("</section>\n")

        // Inputs.
        h.raw("<section id=\"inputs\"><h2>Inputs</h2><table><thead><tr><th>file</th><th>detected</th></tr></thead><tbody>")
        for i in inputs {
            let facts = i.facts.map { "\($0.key): \($0.value)" } + i.partial.map { "read in part: \($0)" }
            h.raw("<tr><td>\(escape(i.path))</td><td>\(escape(facts.joined(separator: " · ")))</td></tr>")
        }
        h.raw("</tbody></table></section>\n")

        // Batch plan.
        h.raw("<section id=\"batch-plan\"><h2>Batch plan\(batchPlan?.estimated == true ? " (estimated)" : "")</h2>")
        if let p = batchPlan {
            h.raw("<ul><li>Batches: <strong>\(p.batches)</strong></li><li>Contacts: \(p.contacts)</li>")
            if let b = p.bytes { h.raw("<li>Bytes: \(b)</li>") }
            if p.contactsPerBatch.count > 12, let lo = p.contactsPerBatch.min(), let hi = p.contactsPerBatch.max() {
                h.raw("<li>Contacts per batch: \(lo) to \(hi)</li>")
            } else if !p.contactsPerBatch.isEmpty {
                h.raw("<li>Contacts per batch: \(p.contactsPerBatch.map(String.init).joined(separator: ", "))</li>")
            }
            h.raw("<li>Time at \(AuditBatchPlan.requestsPerMinute) requests/minute: \(escape(duration(p.secondsAtRateLimit)))</li></ul>")
        }
        h.raw("</section>\n")

        // Warnings and gates.
        h.raw("<section id=\"warnings\"><h2>Warnings</h2><ul>")
        for w in warnings { h.raw("<li>\(escape(w))</li>") }
        h.raw("</ul></section>\n")
        if !gateFailures.isEmpty {
            h.raw("<section id=\"gates\"><h2>Gates failed</h2><ul>")
            for f in gateFailures { h.raw("<li>\(escape(f))</li>") }
            h.raw("</ul></section>\n")
        }
        h.raw("<footer>listwash audit · schema listwash-audit/1</footer>\n</main></body></html>\n")
        return h.text
    }

    /// The characters of an example's value, reason or file shown on the page.
    static let htmlExampleLength = 300

    static func examplesTable(_ examples: [AuditExample]) -> String {
        guard !examples.isEmpty else { return "" }
        var s = "<table class=\"examples\"><tbody>"
        for e in examples {
            s += "<tr><td class=\"where\">\(escape(clipped(e.file))):\(e.line)</td><td><code>\(escape(clipped(e.value)))</code></td><td>\(escape(clipped(e.reason)))\(e.into.map { " → " + escape(clipped($0)) } ?? "")</td></tr>"
        }
        return s + "</tbody></table>"
    }

    /// A horizontal SVG bar chart: one labelled bar per item, scaled to `maxValue`.
    static func barChart(_ items: [(label: String, value: Int, note: String)], maxValue: Int, color: String, title: String) -> String {
        let rowHeight = 26, labelWidth = 190, barWidth = 400, width = 880
        let height = items.count * rowHeight + 8
        var s = "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (i, item) in items.enumerated() {
            let y = 4 + i * rowHeight
            let w = maxValue <= 0 ? 0 : Int((Double(item.value) / Double(maxValue) * Double(barWidth)).rounded())
            s += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"label\">\(escape(item.label))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"18\" fill=\"#eef1f5\"/>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(w, item.value > 0 ? 1 : 0))\" height=\"18\" fill=\"\(color)\"/>"
            s += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 17)\" class=\"value\">\(item.value)\(item.note.isEmpty || item.note.count > 28 ? "" : " · " + escape(item.note))</text>"
        }
        return s + "</svg>"
    }

    static let css = """
    body{margin:0;background:#f6f7f9;color:#1d2330;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
    main{max-width:980px;margin:0 auto;padding:24px}
    header h1{margin:0 0 8px;font-size:26px}.name{color:#2f6fb3}
    section{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:16px 20px;margin:16px 0}
    h2{margin:0 0 12px;font-size:18px}h3{font-size:15px;margin:14px 0 6px}
    .tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{flex:1 1 110px;border:1px solid #dde2ea;border-radius:6px;padding:10px 12px}
    .tile .value{font-size:24px;font-weight:600}.tile .label{color:#5b6577;font-size:13px}
    .tile.good .value{color:#1e8449}.tile.bad .value{color:#c0392b}
    .equation,.none{color:#5b6577}.gate-failed{color:#fff;background:#c0392b;display:inline-block;padding:4px 10px;border-radius:4px}
    table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef1f5;vertical-align:top;overflow-wrap:anywhere}
    th{color:#5b6577;font-weight:600;font-size:13px}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
    td.where{white-space:nowrap;color:#5b6577}code{font:13px ui-monospace,Menlo,Consolas,monospace;background:#f1f3f6;padding:1px 4px;border-radius:3px}
    details{margin:6px 0}summary{cursor:pointer}.count{font-weight:600}.stage{color:#5b6577;font-size:13px}
    svg.chart{max-width:100%;height:auto;display:block;margin:8px 0}svg .label,svg .value{font:13px system-ui,sans-serif;fill:#1d2330}
    footer{color:#8a93a3;font-size:12px;text-align:center;margin:24px 0}
    """
}

/// Accumulates HTML text.
struct HTMLBuilder {
    var text = ""
    mutating func raw(_ s: String) { text += s }
}

/// Text escaped for HTML element content and attribute values, scalar by scalar: a `<` or `"`
/// followed by a combining mark is one `Character` that equals neither, and went through raw.
/// Control characters and the bidirectional embeddings, overrides and isolates are written as
/// visible `\u{XX}` escapes, as on the terminal (``TerminalSafe``): NUL or ESC are not text a
/// page may hold, and a right-to-left override made the rest of a value read backwards.
func escape(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for c in s.unicodeScalars {
        switch c {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        case "'": out.append(contentsOf: "&#39;".unicodeScalars)
        default:
            if TerminalSafe.isActedOn(c) {
                out.append(contentsOf: ("\\u{" + String(c.value, radix: 16, uppercase: true) + "}").unicodeScalars)
            } else {
                out.append(c)
            }
        }
    }
    return String(out)
}

/// An example's text cut for the page, whose examples are for reading (the JSON has them
/// whole): a value of megabytes made a page of megabytes.
func clipped(_ s: String) -> String {
    s.unicodeScalars.count <= AuditReport.htmlExampleLength ? s
        : String(String.UnicodeScalarView(s.unicodeScalars.prefix(AuditReport.htmlExampleLength - 1))) + "…"
}

func slug(_ s: String) -> String {
    String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
}
