import ListwashCore

extension AuditReport {
    /// The terminal summary: plain text, every line at most 80 columns.
    public var terminalText: String {
        var t = TextBlock(width: 80)
        t.line("audit: \(pipeline)")
        t.line("read \(recordsRead) · importable \(importable) · rejected \(rejected) (\(percent(rejectRate)) rejects, \(percent(duplicateRate)) duplicates)")

        t.section("funnel")
        for s in funnel {
            t.line("  \(s.equation)" + (s.rejectedHere > 0 && s.rejectedHere != s.rejected ? " (\(s.rejectedHere) here)" : ""))
            // Input facts are listed under "inputs"; other stages' facts (fuzzy candidates...) here.
            if s.stage != "parse" && !s.facts.isEmpty {
                t.wrapped(s.facts.map { "\($0.key): \($0.value)" }.joined(separator: "; "), first: "      ", rest: "      ")
            }
        }
        t.line("  whole run: read \(recordsRead) = importable \(importable) + rejected \(rejected)" + (isBalanced ? "" : " UNBALANCED"))

        t.section("rejects by code")
        if rejects.isEmpty { t.line("  none") }
        for g in rejects {
            t.line("  \(pad(g.code.rawValue, 22)) \(pad(String(g.count), 7, right: true))  \(g.stage)")
            for e in g.examples { t.line("      \(e.file):\(e.line)  '\(e.value)'  \(e.reason)") }
        }

        t.section("duplicates")
        t.line("  merged: \(duplicatesMerged)")
        for g in fuzzyCandidates {
            t.line("  fuzzy candidates (\(g.code)): \(g.count), never merged automatically")
            for e in g.examples { t.line("      \(e.file):\(e.line)  '\(e.value)'  \(e.reason)") }
        }

        if !exclusions.isEmpty {
            t.section("exclusion hits")
            for g in exclusions {
                t.line("  \(pad(g.rule.rawValue, 20)) \(pad(String(g.count), 7, right: true))  \(g.file)")
            }
        }

        t.section("fill rates (importable contacts, as sent)")
        for f in fillRates {
            let rate = importable == 0 ? 0 : Double(f.count) / Double(importable)
            t.line("  \(pad(f.name, 20)) \(bar(rate, width: 30)) \(pad(percent(rate), 6, right: true))  \(f.count)")
        }
        if let added = batchAdds {
            // One line when it fits, else one line per part (long tag lists are cut).
            let line = "  counted with what batch adds: \(added)"
            if line.count <= 80 {
                t.line(line)
            } else {
                t.line("  counted with what batch adds:")
                for part in added.components(separatedBy: "; ") {
                    let l = "    " + part
                    t.line(l.count > 80 ? String(l.prefix(79)) + "…" : l)
                }
            }
        }

        if !unmappedColumns.isEmpty {
            t.section("unmapped source columns (kept in _extra, never sent)")
            for c in unmappedColumns.prefix(20) { t.line("  \(pad(c.name, 40)) \(c.count) records") }
            if unmappedColumns.count > 20 { t.line("  ... and \(unmappedColumns.count - 20) more") }
        }

        t.section("top domains")
        if topDomains.isEmpty { t.line("  none") }
        for d in topDomains { t.line("  \(pad(d.name, 40)) \(pad(String(d.count), 8, right: true))") }
        if otherDomains > 0 { t.line("  \(pad("(other domains)", 40)) \(pad(String(otherDomains), 8, right: true))") }
        for g in typoSuggestions {
            t.line("  typo suggestions (\(g.code)): \(g.count)")
            for e in g.examples { t.line("      \(e.file):\(e.line)  '\(e.value)'  \(e.reason)") }
        }

        if !invalidPhones.isEmpty || rejects.contains(where: { $0.code == .phoneInvalid }) {
            t.section("invalid phones")
            for g in invalidPhones {
                t.line("  \(g.code): \(g.count)")
                for e in g.examples { t.line("      \(e.file):\(e.line)  '\(e.value)'  \(e.reason)") }
            }
            if let r = rejects.first(where: { $0.code == .phoneInvalid }) { t.line("  rejected (phone_invalid): \(r.count)") }
        }

        let otherNotes = notes.filter { n in !fuzzyCandidates.contains(n) && !typoSuggestions.contains(n) && !invalidPhones.contains(n) }
        if !otherNotes.isEmpty {
            t.section("other notes")
            for n in otherNotes { t.line("  \(pad(n.code, 40)) \(n.count)") }
        }

        t.section("inputs")
        for i in inputs {
            t.text += "  \(i.path)\n"  // a path is never cut, even past 80 columns
            if !i.facts.isEmpty { t.wrapped(i.facts.map { "\($0.key) \($0.value)" }.joined(separator: ", "), first: "      ", rest: "      ") }
            for p in i.partial { t.line("      read in part: \(p)") }
        }

        if let p = batchPlan {
            t.section("batch plan" + (p.estimated ? " (estimated)" : ""))
            var line = "  \(p.batches) batch\(p.batches == 1 ? "" : "es"), \(p.contacts) contact\(p.contacts == 1 ? "" : "s")"
            if let b = p.bytes { line += ", \(b) bytes" }
            t.line(line)
            if !p.contactsPerBatch.isEmpty {
                t.line("  contacts per batch: min \(p.contactsPerBatch.min() ?? 0), max \(p.contactsPerBatch.max() ?? 0)")
            }
            t.line("  time at \(AuditBatchPlan.requestsPerMinute) requests/minute: \(duration(p.secondsAtRateLimit))")
        }

        t.section("warnings")
        for w in warnings { t.wrapped(w, first: "  - ", rest: "    ") }

        if !gateFailures.isEmpty {
            t.section("gates failed")
            for f in gateFailures { t.wrapped(f, first: "  - ", rest: "    ") }
        }
        return t.text
    }
}

/// Lines wrapped or cut to a width.
struct TextBlock {
    let width: Int
    var text = ""

    mutating func section(_ title: String) {
        text += "\n\(title)\n"
    }

    /// Text wrapped at spaces to the width, the first line after `first`, the others after `rest`.
    mutating func wrapped(_ s: String, first: String, rest: String) {
        var line = first
        var fresh = true
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            if !fresh && line.count + 1 + word.count > width {
                self.line(line)
                line = rest + word
                continue
            }
            line += (fresh ? "" : " ") + word
            fresh = false
        }
        self.line(line)
    }

    /// A line cut to the width (with '…'); examples are for reading, the JSON has them whole.
    /// A line feed inside it (a value holding one) is written `\u{A}`, as ``TerminalSafe``
    /// writes the other controls when the summary is printed: it started a line of its own that
    /// read like the report's.
    mutating func line(_ s: String) {
        var s = s
        if s.utf8.contains(0x0A) { s = s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\u{A}") }
        if s.count <= width { text += s + "\n" } else { text += String(s.prefix(width - 1)) + "…\n" }
    }
}

extension AuditReport {
    /// The run-level tags and lists `batch` adds to every contact, in words; nil when none.
    var batchAdds: String? {
        var parts: [String] = []
        if !runTags.isEmpty { parts.append("tag\(runTags.count == 1 ? "" : "s") " + runTags.map { "'\($0)'" }.joined(separator: ", ")) }
        if !runLists.isEmpty { parts.append("list\(runLists.count == 1 ? "" : "s") " + runLists.map(String.init).joined(separator: ", ")) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
    if s.count >= n { return s }
    let fill = String(repeating: " ", count: n - s.count)
    return right ? fill + s : s + fill
}

func bar(_ rate: Double, width: Int) -> String {
    let n = max(0, min(width, Int((rate * Double(width)).rounded())))
    return String(repeating: "#", count: n) + String(repeating: ".", count: width - n)
}

/// `125` → `2 min 5 s`.
func duration(_ seconds: Int) -> String {
    if seconds < 60 { return "\(seconds) s" }
    let h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60
    if h > 0 { return "\(h) h \(m) min" }
    return s == 0 ? "\(m) min" : "\(m) min \(s) s"
}
