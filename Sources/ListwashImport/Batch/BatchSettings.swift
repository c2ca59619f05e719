import ListwashCore

/// The validated settings of the batch writer: where the request files go, the two API limits,
/// and what every request of the run carries (tags, lists, `exclude_automations`, callback).
public struct BatchSettings: Sendable, Equatable {
    /// The API's limits (ac-bulk-import-api.md "Limits").
    public static let apiMaxContacts = 250
    public static let apiMaxBytes = 399_999
    /// A batch of a multi-batch run should hold more than this many contacts (the docs send 10 or
    /// fewer through the contacts API).
    public static let smallBatchLimit = 10

    /// The output directory; nil only with ``planOnly``.
    public var out: String?
    public var maxContacts = BatchSettings.apiMaxContacts
    public var maxBytes = BatchSettings.apiMaxBytes
    /// Tags added to every contact (after its own, skipping ones it already has).
    public var tags: [String] = []
    /// List ids every contact is subscribed to (unless the contact unsubscribes from that list).
    public var subscribe: [Int] = []
    /// Written at request level and in each contact (the API doc's decision).
    public var excludeAutomations = false
    public var callback: Callback?
    /// Compute the plan (counts, bytes, sha256) without writing any file.
    public var planOnly = false
    /// fsync each file before its rename (survives power loss; costs a disk flush per file).
    public var fsync = false
    /// Write `batch-NNNNN.src.jsonl` beside each request: one `{"_src":{...}}` line per contact,
    /// in order, so `submit` can map the API's per-contact failures back to file and line.
    public var sourceMap = true
    /// Also write `rejects.csv`: the rejects as a spreadsheet, formula-like cells neutralized.
    public var rejectsCSV = false

    /// The request's `callback` object.
    public struct Callback: Sendable, Equatable {
        public enum RequestType: String, Sendable, CaseIterable { case post = "POST", get = "GET" }
        public var url: String
        public var requestType: RequestType = .post
        /// `detailed_results`: counts and per-contact errors in the callback (POST only).
        public var detailedResults = false
        public var params: [KeyValue] = []
        /// Header values may be secrets: written into the requests, never into the manifest.
        public var headers: [KeyValue] = []

        public init(url: String) { self.url = url }
    }

    public init(out: String?) { self.out = out }

    public static let spec = StageSpec(
        name: "batch",
        summary: "Pack contacts into bulk-import request files, manifest and rejects.",
        settings: [
            SettingSpec("out", kind: .string,
                        summary: "Output directory (-o), ${VAR} expanded; earlier outputs replaced.",
                        expandsEnvironment: true),
            SettingSpec("tags", flag: "tag", kind: .stringList,
                        summary: "A tag added to every contact (repeatable)."),
            SettingSpec("subscribe", kind: .integerList,
                        summary: "A list id every contact is subscribed to (repeatable)."),
            SettingSpec("exclude_automations", kind: .boolean, default: "false",
                        summary: "Skip automations (set per request and per contact)."),
            SettingSpec("callback.url", flag: "callback", kind: .string,
                        summary: "URL called when a batch is processed. ${VAR} is expanded.",
                        expandsEnvironment: true),
            SettingSpec("callback.request_type", flag: "callback-request-type", kind: .choice(Callback.RequestType.allCases.map(\.rawValue)),
                        default: "POST", summary: "How the callback is called."),
            SettingSpec("callback.detailed_results", flag: "callback-detailed-results", kind: .boolean, default: "false",
                        summary: "Per-contact errors in the callback (POST only)."),
            SettingSpec("callback.params", flag: "callback-param", kind: .stringList,
                        summary: "Callback parameter KEY=VALUE (repeatable), or a mapping."),
            SettingSpec("callback.headers", flag: "callback-header", kind: .stringList,
                        summary: "Callback header NAME=VALUE (repeatable); ${VAR} expanded.",
                        expandsEnvironment: true),
            SettingSpec("max_contacts", kind: .integer, default: "250",
                        summary: "Most contacts per request (1 to 250)."),
            SettingSpec("max_bytes", kind: .integer, default: "399999",
                        summary: "Most bytes per request body (1024 to 399999)."),
            SettingSpec("plan_only", kind: .boolean, default: "false",
                        summary: "Plan the batches without writing any file."),
            SettingSpec("source_map", kind: .boolean, default: "true",
                        summary: "Also write batch-NNNNN.src.jsonl: each contact's source."),
            SettingSpec("rejects_csv", kind: .boolean, default: "false",
                        summary: "Also write rejects.csv, safe to open in a spreadsheet."),
            SettingSpec("fsync", kind: .boolean, default: "false",
                        summary: "Flush each file to disk before renaming it into place."),
        ],
        example: """
        batch:
          out: out/spring-newsletter
          tags: [spring-2026]
          subscribe: [3]
          exclude_automations: true
          callback: {url: "https://hooks.example.com/ac-import", detailed_results: true, params: {run: "42"}}
        """)

    /// Reads and checks every setting, reporting all problems at once.
    public init(settings node: SettingNode, environment: [String: String]) throws(DiagnosticList) {
        var r = SettingsReader(node, spec: Self.spec)
        planOnly = r.bool("plan_only") ?? false
        fsync = r.bool("fsync") ?? false
        sourceMap = r.bool("source_map") ?? true
        rejectsCSV = r.bool("rejects_csv") ?? false
        if let o = r.string("out") {
            out = Self.expand(o, path: "out", environment: environment, reader: &r)
            if o.isEmpty { r.problem("'out' must name a directory", at: r.node("out")) }
        } else if !planOnly {
            r.problem("the batch stage needs an output directory", at: nil, code: "missing_setting",
                      fix: "add '-o DIR' (or 'out: DIR' in the pipeline file's 'batch:' block)")
        }
        tags = Self.runTags(&r)
        subscribe = r.ints("subscribe") ?? []
        for id in subscribe where id <= 0 {
            r.problem("'subscribe' takes list ids (positive numbers); found '\(id)'", at: r.node("subscribe"))
        }
        excludeAutomations = r.bool("exclude_automations") ?? false
        maxContacts = r.int("max_contacts") ?? Self.apiMaxContacts
        if !(1...Self.apiMaxContacts).contains(maxContacts) {
            r.problem("'max_contacts' must be 1 to \(Self.apiMaxContacts) (the API's limit); found '\(maxContacts)'", at: r.node("max_contacts"))
        }
        maxBytes = r.int("max_bytes") ?? Self.apiMaxBytes
        if !(1024...Self.apiMaxBytes).contains(maxBytes) {
            r.problem("'max_bytes' must be 1024 to \(Self.apiMaxBytes) (the API's limit); found '\(maxBytes)'", at: r.node("max_bytes"))
        }
        callback = Self.readCallback(&r, environment: environment)
        try r.finish()
    }

    /// The run-level tags, trimmed; a blank one, or one holding a line break, tab, control or
    /// invisible character (``InvisibleScalars``), is a problem. These go into every contact of
    /// every request as written, past `normalize`'s cleaning of the records' own tags.
    private static func runTags(_ r: inout SettingsReader) -> [String] {
        var out: [String] = []
        for tag in r.strings("tags") ?? [] {
            let trimmed = String(tag.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            if trimmed.isEmpty {
                if !tag.isEmpty { r.problem("'tags' has a tag of spaces only", at: r.node("tags"), fix: "remove it, or write the tag") }
                continue
            }
            if let bad = trimmed.unicodeScalars.first(where: { InvisibleScalars.contains($0) || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                let hex = String(bad.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                // Shown with '?' in its place: the character itself would act on the terminal.
                let shown = String(String.UnicodeScalarView(trimmed.unicodeScalars.map { InvisibleScalars.contains($0) || $0.value < 0x20 ? "?" : $0 }))
                r.problem("tag '\(shown)' holds \(code), a control or invisible character",
                          at: r.node("tags"), fix: "write the tag without it")
                continue
            }
            out.append(trimmed)
        }
        return out
    }

    private static func readCallback(_ r: inout SettingsReader, environment: [String: String]) -> Callback? {
        let url = r.string("callback.url").map { expand($0, path: "callback.url", environment: environment, reader: &r) }
        let type = r.choice("callback.request_type").flatMap(Callback.RequestType.init(rawValue:))
        let detailed = r.bool("callback.detailed_results")
        let params = pairs(&r, "callback.params", environment: nil)
        let headers = pairs(&r, "callback.headers", environment: environment)
        guard let url else {
            if type != nil || detailed != nil || !params.isEmpty || !headers.isEmpty {
                r.problem("callback settings without 'callback.url'", at: r.node("callback"), code: "missing_setting",
                          fix: "add '--callback URL' (or 'url:' in the 'callback:' block)")
            }
            return nil
        }
        if !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            r.problem("'callback.url' must be an http or https URL; found '\(url)'", at: r.node("callback.url"))
        }
        var c = Callback(url: url)
        c.requestType = type ?? .post
        c.detailedResults = detailed ?? false
        if c.detailedResults && c.requestType == .get {
            r.problem("'callback.detailed_results' works only with request_type POST", at: r.node("callback.detailed_results"))
        }
        c.params = params
        c.headers = headers
        return c
    }

    /// KEY=VALUE items (flags, YAML list) or a YAML mapping.
    private static func pairs(_ r: inout SettingsReader, _ path: String, environment: [String: String]?) -> [KeyValue] {
        guard let n = r.node(path) else { return [] }
        var out: [KeyValue] = []
        func add(_ key: String, _ value: String, _ at: SettingNode) {
            let v = environment.map { expand(value, path: path, environment: $0, reader: &r) } ?? value
            if key.isEmpty { r.problem("'\(path)' entries need a name before '='", at: at) } else { out.append(KeyValue(key, v)) }
        }
        if let members = n.members {
            for m in members {
                if let s = m.node.scalar { add(m.key, s, m.node) } else { r.problem("'\(path).\(m.key)' must be a value, found \(m.node.kindName)", at: m.node, code: "wrong_type") }
            }
            return out
        }
        for item in n.scalar != nil ? [n] : (n.list ?? []) {
            guard let s = item.scalar else { r.problem("items of '\(path)' must be KEY=VALUE, found \(item.kindName)", at: item, code: "wrong_type"); continue }
            guard let eq = s.firstIndex(of: "=") else {
                r.problem("'\(path)' takes KEY=VALUE; found '\(s)'", at: item, fix: "write it as NAME=VALUE")
                continue
            }
            add(String(s[..<eq]), String(s[s.index(after: eq)...]), item)
        }
        return out
    }

    /// Expands `${VAR}` from `environment`; an unset variable is a problem.
    static func expand(_ text: String, path: String, environment: [String: String], reader r: inout SettingsReader) -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                r.problem("'\(path)' has '${' without a closing '}'", at: r.node(path))
                return text
            }
            let name = String(rest[open.upperBound..<close])
            // Batch files and the manifest hold these values: never the API token.
            if TokenSecret(variable: "AC_API_TOKEN", environment: environment).isToken(name, environment: environment) {
                r.problem("'\(path)' uses ${\(name)}, which holds the API token; it would be written to every batch file and the manifest",
                          at: r.node(path), code: "token_in_setting", fix: "remove it: submit sends the token only in the Api-Token header")
            } else if let v = environment[name] { out += v } else {
                r.problem("'\(path)' uses ${\(name)}, which is not set in the environment", at: r.node(path), code: "unset_variable",
                          fix: "export \(name)=... before running")
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
