import ListwashCore

extension AuditReport {
    /// The report as JSON (`--json FILE`), schema in docs/audit-schema.md. Key order is fixed and
    /// lists are sorted, so the same run gives the same bytes (golden tests compare it exactly).
    public var json: String {
        var out = ""
        Self.pretty(jsonValue, indent: 0, into: &out)
        return out + "\n"
    }

    /// The report as a JSON value.
    public var jsonValue: JSONValue {
        func num(_ n: Int) -> JSONValue { .number(String(n)) }
        func rate(_ x: Double) -> JSONValue { .number(String(Double((x * 10000).rounded()) / 10000)) }
        func str(_ s: String) -> JSONValue { .string(s) }
        func examples(_ es: [AuditExample]) -> JSONValue {
            .array(es.map { e in
                var o: [(String, JSONValue)] = [("file", str(e.file)), ("line", num(e.line)), ("value", str(e.value)), ("reason", str(e.reason))]
                if let into = e.into { o.append(("into", str(into))) }
                return .object(o)
            })
        }
        func groups(_ gs: [NoteGroup]) -> JSONValue {
            .array(gs.map { .object([("code", str($0.code)), ("count", num($0.count)), ("examples", examples($0.examples))]) })
        }
        func counts(_ cs: [Count], key: String) -> JSONValue {
            .array(cs.map { .object([(key, str($0.name)), ("count", num($0.count))]) })
        }
        var plan: JSONValue = .null
        if let p = batchPlan {
            plan = .object([
                ("batches", num(p.batches)), ("contacts", num(p.contacts)), ("bytes", p.bytes.map(num) ?? .null),
                ("contacts_per_batch", .array(p.contactsPerBatch.map(num))), ("estimated", .bool(p.estimated)),
                ("requests_per_minute", num(AuditBatchPlan.requestsPerMinute)), ("seconds_at_rate_limit", num(p.secondsAtRateLimit)),
            ])
        }
        return .object([
            ("schema", str("listwash-audit/1")),
            ("pipeline", str(pipeline)),
            ("summary", .object([
                ("read", num(recordsRead)), ("importable", num(importable)), ("rejected", num(rejected)),
                ("duplicates_merged", num(duplicatesMerged)), ("reject_rate", rate(rejectRate)),
                ("duplicate_rate", rate(duplicateRate)), ("balanced", .bool(isBalanced)),
            ])),
            ("funnel", .array(funnel.map { s in
                .object([("stage", str(s.stage)), ("in", num(s.input)), ("out", num(s.output)), ("rejected", num(s.rejected)),
                         ("rejected_here", num(s.rejectedHere)), ("balanced", .bool(s.balanced)), ("equation", str(s.equation)),
                         ("facts", .object(s.facts.map { ($0.key, str($0.value)) }))])
            })),
            ("rejects", .array(rejects.map { g in
                .object([("code", str(g.code.rawValue)), ("stage", str(g.stage)), ("meaning", str(g.meaning)),
                         ("count", num(g.count)), ("examples", examples(g.examples))])
            })),
            ("duplicates", .object([("merged", num(duplicatesMerged)), ("fuzzy_candidates", groups(fuzzyCandidates))])),
            ("exclusions", .array(exclusions.map { g in
                .object([("rule", str(g.rule.rawValue)), ("file", str(g.file)), ("count", num(g.count)), ("examples", examples(g.examples))])
            })),
            ("fill_rates", .array(fillRates.map { f in
                .object([("field", str(f.name)), ("filled", num(f.count)),
                         ("rate", rate(importable == 0 ? 0 : Double(f.count) / Double(importable)))])
            })),
            ("batch_adds", .object([("tags", .array(runTags.map(str))), ("subscribe", .array(runLists.map(num)))])),
            ("unmapped_columns", counts(unmappedColumns, key: "column")),
            ("top_domains", counts(topDomains, key: "domain")),
            ("other_domains", num(otherDomains)),
            ("typo_suggestions", groups(typoSuggestions)),
            ("invalid_phones", groups(invalidPhones)),
            ("notes", groups(notes)),
            ("inputs", .array(inputs.map { i in
                .object([("path", str(i.path)), ("facts", .object(i.facts.map { ($0.key, str($0.value)) })),
                         ("partial", .array(i.partial.map(str)))])
            })),
            ("batch_plan", plan),
            ("warnings", .array(warnings.map(str))),
            ("gate_failures", .array(gateFailures.map(str))),
        ])
    }

    /// Two-space indented JSON; empty arrays and objects stay on one line.
    static func pretty(_ v: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch v {
        case .array(let a) where !a.isEmpty:
            if a.allSatisfy({ if case .number = $0 { return true }; return false }) {
                out += v.text
                return
            }
            out += "[\n"
            for (i, x) in a.enumerated() {
                out += pad
                pretty(x, indent: indent + 1, into: &out)
                out += i == a.count - 1 ? "\n" : ",\n"
            }
            out += close + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, (k, x)) in o.enumerated() {
                out += pad + k.jsonQuoted + ": "
                pretty(x, indent: indent + 1, into: &out)
                out += i == o.count - 1 ? "\n" : ",\n"
            }
            out += close + "}"
        default:
            if let s = v.stringValue { out += s.jsonQuoted } else { out += v.text }
        }
    }
}

extension String {
    /// The string as a quoted, escaped JSON string.
    var jsonQuoted: String {
        var w = JSONWriter()
        w.string(self)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
