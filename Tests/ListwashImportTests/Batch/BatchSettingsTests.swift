import ListwashCore
import ListwashImport
import Testing

/// The batch stage's settings, read from flags and pipeline-file nodes through one spec.
struct BatchSettingsTests {
    private func read(_ flags: [String], environment: [String: String] = [:]) throws(DiagnosticList) -> BatchSettings {
        try BatchSettings(settings: FlagParser.parse(flags, spec: BatchSettings.spec), environment: environment)
    }

    private func problems(_ flags: [String], environment: [String: String] = [:]) -> String {
        do {
            _ = try read(flags, environment: environment)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func flagsAndDefaults() throws {
        let s = try read(["--out", "o", "--tag", "a", "--tag", "b", "--subscribe", "3", "--exclude-automations",
                          "--callback", "https://h.example.com", "--callback-request-type", "GET", "--callback-param", "k=v=w"])
        #expect(s.out == "o")
        #expect(s.tags == ["a", "b"])
        #expect(s.subscribe == [3])
        #expect(s.excludeAutomations)
        #expect(s.maxContacts == 250 && s.maxBytes == 399_999)
        #expect(s.callback?.requestType == .get)
        #expect(s.callback?.params == [KeyValue("k", "v=w")])
        #expect(try read(["--out", "o"]).callback == nil)
    }

    /// Run-level tags go into every contact as written, past normalize's cleaning: trimmed
    /// here, and a blank tag or one with a control or invisible character is refused, the
    /// character named and not echoed (a U+202E or an ESC would act on the terminal).
    @Test func runLevelTagsAreTrimmedAndInvisibleCharactersRefused() throws {
        #expect(try read(["--out", "o", "--tag", "  vip\t", "--tag", "spring 2026", "--tag", ""]).tags == ["vip", "spring 2026"])
        for (tag, code) in [("vip\u{200B}", "U+200B"), ("\u{202E}evil", "U+202E"), ("a\tb", "U+0009"), ("a\nb", "U+000A"),
                            ("x\u{1B}[2J", "U+001B"), ("a\u{0}b", "U+0000")] {
            let p = problems(["--out", "o", "--tag", tag])
            #expect(p.contains("holds \(code), a control or invisible character"), "\(p)")
            #expect(!p.contains("\u{1B}") && !p.contains("\u{202E}"))
        }
        #expect(problems(["--out", "o", "--tag", "   "]).contains("a tag of spaces only"))
        #expect(try read(["--out", "o", "--tag", "naïve", "--tag", "👩\u{200D}💻"]).tags == ["naïve", "👩\u{200D}💻"])
    }

    @Test func aPipelineBlockWithACallbackMapping() throws {
        let node = SettingNode(.map([
            ("out", nil, .scalar("${OUT_ROOT}/run")),
            ("subscribe", nil, SettingNode(.list([.scalar("3"), .scalar("4")]))),
            ("callback", nil, SettingNode(.map([
                ("url", nil, .scalar("https://h.example.com/x")),
                ("params", nil, SettingNode(.map([("run", nil, .scalar("42"))]))),
                ("headers", nil, SettingNode(.map([("X-Token", nil, .scalar("${HOOK_TOKEN}"))]))),
            ]))),
        ]))
        let s = try BatchSettings(settings: node, environment: ["OUT_ROOT": "/tmp/x", "HOOK_TOKEN": "t0k"])
        #expect(s.out == "/tmp/x/run")
        #expect(s.subscribe == [3, 4])
        #expect(s.callback?.params == [KeyValue("run", "42")])
        #expect(s.callback?.headers == [KeyValue("X-Token", "t0k")])
    }

    @Test(arguments: [
        ([String](), "needs an output directory"),
        (["--out", "o", "--max-contacts", "251"], "'max_contacts' must be 1 to 250"),
        (["--out", "o", "--max-bytes", "400000"], "'max_bytes' must be 1024 to 399999"),
        (["--out", "o", "--subscribe", "x"], "'x' is not a number"),
        (["--out", "o", "--subscribe", "0"], "positive numbers"),
        (["--out", "o", "--callback-param", "a=b"], "callback settings without 'callback.url'"),
        (["--out", "o", "--callback", "ftp://x"], "must be an http or https URL"),
        (["--out", "o", "--callback", "https://x.example", "--callback-request-type", "GET", "--callback-detailed-results"], "works only with request_type POST"),
        (["--out", "o", "--callback", "https://x.example", "--callback-header", "novalue"], "takes KEY=VALUE"),
        (["--out", "${NOPE}/x"], "uses ${NOPE}, which is not set"),
        (["--out", "o", "--tags", "x"], "unknown option '--tags'"),
    ])
    func badSettingsAreReportedWithWhatToFix(flags: [String], message: String) {
        #expect(problems(flags).contains(message), "\(problems(flags))")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = problems(["--max-contacts", "0", "--max-bytes", "5"])
        #expect(text.contains("needs an output directory"))
        #expect(text.contains("'max_contacts'"))
        #expect(text.contains("'max_bytes'"))
    }

    @Test func unsetVariablesInHeadersDoNotLeakOtherValues() {
        let text = problems(["--out", "o", "--callback", "https://x.example", "--callback-header", "X-Token=${TOKEN}"], environment: ["OTHER": "secret"])
        #expect(text.contains("uses ${TOKEN}, which is not set"))
        #expect(!text.contains("secret"))
    }
}
