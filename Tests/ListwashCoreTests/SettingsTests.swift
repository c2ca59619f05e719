import Testing
import ListwashCore

struct SettingsTests {
    static let spec = StageSpec(name: "normalize", summary: "s", settings: [
        SettingSpec("phone.default_region", kind: .string, summary: "r"),
        SettingSpec("phone.invalid", kind: .choice(["note", "reject", "drop_value"]), summary: "i"),
        SettingSpec("explain", kind: .boolean, summary: "e"),
        SettingSpec("tags", flag: "tag", kind: .stringList, summary: "t"),
    ], example: "")

    /// A whole number too large for `Int` is said to be too large, not "not a whole number".
    @Test func aNumberTooLargeIsSaidToBeTooLarge() {
        #expect(WholeNumberProblem.message("version", found: "99999999999999999999999999") == "'version' is too large: '99999999999999999999999999' is beyond 9223372036854775807")
        #expect(WholeNumberProblem.message("x", found: "-99999999999999999999") == "'x' is too large: '-99999999999999999999' is beyond -9223372036854775808")
        #expect(WholeNumberProblem.message("x", found: "1.5") == "'x' must be a whole number, found '1.5'")
        #expect(WholeNumberProblem.message("x", found: "-") == "'x' must be a whole number, found '-'")
        #expect(WholeNumberProblem.message("x", found: String(repeating: "a", count: 1000)).count < 120)
    }

    /// A stage's block written as one value (`batch: out/x`) says how to write it instead.
    @Test func aBlockWrittenAsOneValueSaysHowToWriteIt() {
        let r = SettingsReader(SettingNode(.scalar("out/x")), spec: Self.spec)
        #expect(r.diagnostics.map(\.code) == ["wrong_type"])
        #expect(r.diagnostics.first?.message.hasPrefix("stage 'normalize' takes a mapping of settings, found") == true)
        #expect(r.diagnostics.first?.fix == "write its settings indented under 'normalize:', one 'key: value' a line ('listwash stages explain normalize' lists them)")
    }

    @Test func flagsBecomeTheSameTreeAsAPipelineBlock() throws {
        let node = try FlagParser.parse(["--default-region", "GB", "--explain", "--tag", "a", "--tag=b", "--invalid", "reject"], spec: Self.spec)
        var r = SettingsReader(node, spec: Self.spec)
        #expect(r.string("phone.default_region") == "GB")
        #expect(r.bool("explain") == true)
        #expect(r.strings("tags") == ["a", "b"])
        #expect(r.choice("phone.invalid") == "reject")
        try r.finish()
    }

    @Test func unknownKeysAreReportedWithTheNearestKnownOne() {
        let node = SettingNode(.map([("phone", nil, SettingNode(.map([("default_regoin", SourcePosition(file: "p.yaml", line: 3, column: 5), .scalar("US"))]))), ("explian", SourcePosition(file: "p.yaml", line: 4, column: 3), .scalar("true"))]))
        var r = SettingsReader(node, spec: Self.spec)
        _ = r.string("phone.default_region")
        #expect(throws: DiagnosticList.self) { try r.finish() }
        do { try r.finish() } catch {
            #expect(error.diagnostics.count == 2)
            #expect(error.diagnostics[0].description.hasPrefix("p.yaml:3:5: error: unknown key 'default_regoin' in stage 'normalize' [unknown_key]"))
            #expect(error.diagnostics[0].fix == "did you mean 'default_region'?")
            #expect(error.diagnostics[1].fix == "did you mean 'explain'?")
        }
    }

    @Test func badChoicesAndUnknownFlagsAreErrors() {
        #expect(throws: DiagnosticList.self) { _ = try FlagParser.parse(["--defualt-region", "US"], spec: Self.spec) }
        var r = SettingsReader(SettingNode(.map([("phone", nil, SettingNode(.map([("invalid", nil, .scalar("rejct"))])))])), spec: Self.spec)
        #expect(r.choice("phone.invalid") == nil)
        #expect(throws: DiagnosticList.self) { try r.finish() }
    }
}
