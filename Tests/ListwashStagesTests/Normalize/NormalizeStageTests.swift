import Testing
import PropertyBased
import ListwashCore
import ListwashTestSupport
@testable import ListwashStages

struct NormalizeStageTests {
    // MARK: - settings

    @Test func flagsAndPipelineKeysAreOneSetting() throws {
        let fromFlags = try normalizeStage(["--default-region", "gb", "--invalid", "drop_value", "--name-case", "title", "--email-syntax", "basic",
                                            "--tag-separator", ";", "--tag-separator", ",", "--date-order", "dmy", "--explain"])
        let yaml = SettingNode(.map([
            ("phone", nil, SettingNode(.map([("default_region", nil, .scalar("GB")), ("invalid", nil, .scalar("drop_value"))]))),
            ("names", nil, SettingNode(.map([("case", nil, .scalar("title"))]))),
            ("email", nil, SettingNode(.map([("syntax", nil, .scalar("basic"))]))),
            ("tags", nil, SettingNode(.map([("separators", nil, SettingNode(.list([.scalar(";"), .scalar(",")])))]))),
            ("dates", nil, SettingNode(.map([("date_order", nil, .scalar("dmy"))]))),
            ("explain", nil, .scalar("true")),
        ]))
        let fromFile = try NormalizeStage(settings: yaml, context: StageContext())
        for s in [fromFlags, fromFile] {
            #expect(s.options.defaultRegion == "GB")
            #expect(s.options.invalidPhone == .dropValue)
            #expect(s.options.titleCaseNames)
            #expect(s.options.email.syntax == .basic)
            #expect(s.options.tagSeparators == [";", ","])
            #expect(s.options.dateOrder == .dmy)
            #expect(s.options.explain)
        }
    }

    @Test func badSettingsAreAllReportedAtOnce() {
        let node = SettingNode(.map([
            ("phone", nil, SettingNode(.map([("default_region", nil, .scalar("XX")), ("invalid", nil, .scalar("rejct"))]))),
            ("fields", nil, SettingNode(.map([("Birthday", nil, .scalar("twelve")), ("Interests", nil, SettingNode(.map([("id", nil, .scalar("13")), ("seperator", nil, .scalar(";"))])))]))),
            ("explian", nil, .scalar("true")),
        ]))
        do {
            _ = try NormalizeStage(settings: node, context: StageContext())
            Issue.record("bad settings were accepted")
        } catch {
            let text = error.description
            #expect(error.diagnostics.count == 5, "\(text)")
            #expect(text.contains("'XX'"))
            #expect(text.contains("did you mean 'reject'?"))
            #expect(text.contains("'twelve'"))
            #expect(text.contains("did you mean 'separator'?"))
            #expect(text.contains("did you mean 'explain'?"))
        }
    }

    @Test func customFieldsAreReadFromThePipelineBlock() throws {
        let node = SettingNode(.map([
            ("fields", nil, SettingNode(.map([("Birthday", nil, .scalar("12")), ("Interests", nil, SettingNode(.map([("id", nil, .scalar("13")), ("separator", nil, .scalar(","))])))]))),
            ("dates", nil, SettingNode(.map([("date_order", nil, .scalar("dmy")), ("fields", nil, SettingNode(.list([.scalar("Birthday")])))]))),
        ]))
        var stage = try NormalizeStage(settings: node, context: StageContext())
        var r = ContactRecord.fixtureWithExtra([("Birthday", "05/06/1990"), ("Interests", "golf, chess"), ("Other", "x")])
        var out = StageOutput()
        stage.process(r, into: &out)
        r = out.records[0]
        #expect(r.fields == [KeyValue("12", "1990-06-05"), KeyValue("13", "||golf||chess||")])
        #expect(r.extra == [KeyValue("Other", "x")])
    }

    // MARK: - records

    @Test func invalidEmailsAreRejectedWithTheirData() throws {
        let r = try normalizeOne(.fixture(email: "jane@@example.com", firstName: "  Jane "))
        #expect(r.reject?.code == .emailInvalid)
        #expect(r.reject?.stage == "normalize")
        #expect(r.reject?.reason == "'jane@@example.com' has two '@'")
        #expect(r.firstName == "  Jane ", "a rejected record keeps its data as it came")
    }

    @Test(arguments: [("note", "(555) 123-4567", "(555) 123-4567", "phone_invalid"), ("drop_value", " 4.41E+11 ", nil, "phone_excel_damage")]
          as [(String, String, String?, String)])
    func invalidPhonesFollowThePolicy(policy: String, phone: String, kept: String?, note: String) throws {
        let r = try normalizeOne(.fixture(email: "a@b.com", phone: phone), ["--invalid", policy])
        #expect(r.reject == nil)
        #expect(r.phone == kept)
        #expect(r.notes.map(\.code) == [note])
    }

    @Test func invalidPhonesCanReject() throws {
        let r = try normalizeOne(.fixture(email: "a@b.com", phone: "12"), ["--invalid", "reject"])
        #expect(r.reject?.code == .phoneInvalid)
        #expect(r.reject?.reason.contains("'12'") == true)
    }

    @Test func keepModePassesPhonesThroughUntouched() throws {
        let r = try normalizeOne(.fixture(email: "a@b.com", phone: " (555) 123-4567 x9 "), ["--phone-mode", "keep"])
        #expect(r.phone == " (555) 123-4567 x9 ")
        #expect(r.notes.isEmpty)
    }

    @Test func fullNameIsSplitOnlyWhenFirstAndLastAreEmpty() throws {
        var rec = ContactRecord.fixture(email: "a@b.com", firstName: " ", lastName: nil)
        rec.fullName = "DR. JANE VAN DER BERG JR."
        let r = try normalizeOne(rec, ["--name-case", "title"])
        #expect(r.firstName == "Jane")
        #expect(r.lastName == "van der Berg Jr.")
        #expect(r.notes.map(\.code) == ["full_name_split"])
        var kept = ContactRecord.fixture(email: "a@b.com", firstName: "Jane")
        kept.fullName = "Someone Else"
        #expect(try normalizeOne(kept).lastName == nil)
    }

    @Test func explainListsEveryChange() throws {
        let r = try normalizeOne(.fixture(email: " Jane@Example.COM ", firstName: "JANE", lastName: " doe ", phone: "(650) 253-0000", tags: ["vip;VIP; news"]),
                                 ["--explain", "--name-case", "title"])
        let rules = r.changes.map(\.rule)
        #expect(rules == ["email.trim", "email.lowercase", "phone.e164", "names.collapse_spaces", "names.title_case", "names.title_case", "tags.split_trim_dedupe"])
        #expect(r.changes[0] == Change(field: "email", before: " Jane@Example.COM ", after: "Jane@Example.COM", rule: "email.trim"))
        #expect(r.changes.first { $0.field == "phone" }?.after == "+16502530000")
        #expect(try normalizeOne(r, ["--explain", "--name-case", "title"]).changes == r.changes, "a second pass adds no change")
    }

    @Test func withoutExplainNoChangesAreRecorded() throws {
        #expect(try normalizeOne(.fixture(email: " Jane@Example.COM ")).changes.isEmpty)
    }

    // MARK: - the reference workload's rules (../shared/bench/README.md)

    static let benchFlags = ["--email-syntax", "basic", "--phone-mode", "keep", "--collapse-spaces=false", "--tag-dedupe=false"]

    @Test func benchSettingsReproduceTheReferenceRules() throws {
        let r = try normalizeOne(.fixture(email: " \tJOHN.Smith@Gmail.com ", firstName: "  jOHN ", lastName: "\tSMITH  Jr ", phone: " +1 555 123 4567 ",
                                          company: " Acme, Inc. ", tags: ["vip;;newsletter;", "VIP"]), Self.benchFlags)
        #expect(r.email == "john.smith@gmail.com")
        #expect(r.firstName == "jOHN")
        #expect(r.lastName == "SMITH  Jr")
        #expect(r.phone == " +1 555 123 4567 ")
        #expect(r.customerAcctName == "Acme, Inc.")
        #expect(r.tags == ["vip", "newsletter", "VIP"])
        let nbsp = try normalizeOne(.fixture(email: "a@b.com", firstName: "\u{00A0}Ann\u{00A0}", company: "   "), Self.benchFlags)
        #expect(nbsp.firstName == "\u{00A0}Ann\u{00A0}", "the reference trims space and tab only")
        #expect(nbsp.customerAcctName == nil, "empty after the trim: omitted")
    }

    @Test(arguments: ["john@gmail", "john@gmail.", "x@localhost", "\"Smith, John\" <john@x.com>", "john at gmail.com", "@x.com", " \t "])
    func benchSettingsDropWhatTheReferenceDrops(email: String) throws {
        let r = try normalizeOne(.fixture(email: email), Self.benchFlags)
        #expect(r.reject != nil)
    }

    // MARK: - properties

    static let emailPieces = ["Jane", "o'neil", ".", "@", "@", "gmial.com", "example.com", "EXAMPLE.org", " ", "\t", "bücher", "INFO", "+x", "..",
                              "xn--", "-", "localhost", "中", "\u{0301}", "\"", "<", ">", "\u{00A0}", "s\u{0323}\u{0307}", "shop.test", "ß"]
    static let namePieces = ["jane", "MCDONALD", "o'brien", " ", "  ", "\t", "van", "DER", "-", "Berg", "ŁUKASZ", "Dr.", "jr.", "III", "李", "\u{00A0}", ","]
    static let phonePieces = ["6", "5", "0", "2", "3", "+", "+1", "+44", "(", ")", " ", "-", ".", "x", "ext.", "E+", "00", "1"]
    static let tagPieces = ["vip", "VIP", ";", ";", ",", " ", "news", "Café", "café", ""]

    /// Random text made of `pieces` (picked by the generated indices).
    static func text(_ pieces: [String], _ picks: [Int]) -> String {
        picks.map { pieces[$0 % pieces.count] }.joined()
    }

    @Test func normalizingTwiceChangesNothing() async throws {
        let flagSets = [[], ["--name-case", "title", "--fix-typos", "--invalid", "drop_value", "--explain"],
                        ["--tag-separator", ";", "--tag-separator", ",", "--default-region", "GB", "--special-use", "allow"], Self.benchFlags]
        let stages = try flagSets.map { try normalizeStage($0) }
        await propertyCheck(count: 300, input: Gen.int(in: 0...99).array(of: 1...6), Gen.int(in: 0...99).array(of: 0...5),
                            Gen.int(in: 0...99).array(of: 0...14), Gen.int(in: 0...99).array(of: 0...6)) { e, n, p, t in
            let (email, name, phone, tags) = (Self.text(Self.emailPieces, e), Self.text(Self.namePieces, n), Self.text(Self.phonePieces, p), Self.text(Self.tagPieces, t))
            var rec = ContactRecord.fixture(email: email, firstName: name, lastName: name.isEmpty ? nil : "o'neil", phone: phone, tags: [tags])
            rec.fullName = name
            for stage in stages {
                var s = stage
                var once = StageOutput()
                s.process(rec, into: &once)
                let first = once.records[0]
                guard !first.isRejected else { continue }
                var twice = StageOutput()
                s.process(first, into: &twice)
                #expect(twice.records[0] == first, "normalizing '\(email)' / '\(name)' / '\(phone)' / '\(tags)' twice changed it")
            }
        }
    }

    @Test func theLedgerBalances() async throws {
        let stage = try normalizeStage(["--invalid", "reject"])
        await propertyCheck(count: 50, input: Gen.int(in: 0...99).array(of: 0...6).array(of: 0...20), Gen.int(in: 0...99).array(of: 0...10)) { e, p in
            let emails = e.map { Self.text(Self.emailPieces, $0) }
            let phone = Self.text(Self.phonePieces, p)
            let records = emails.enumerated().map { ContactRecord.fixture(email: $0.element, phone: phone, record: $0.offset + 1) }
            let (out, ledger) = runStage(stage, records)
            #expect(out.count == records.count)
            #expect(ledger.isBalanced)
            #expect(zip(out, records).allSatisfy { $0.source == $1.source }, "records stay in input order")
        }
    }
}
