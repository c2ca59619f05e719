import Crypto
import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

struct ExcludeStageTests {
    // MARK: - entry kinds

    @Test func plainListOfAddressesIsExact() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", "  Jane@Example.com \n\n\tBOB@x.com\t\n")
        let stage = try f.stage([("file", .scalar("ex.txt"))])
        let (out, ledger) = runStage(stage, emails(["jane@example.com", "bob@x.com", "ann@x.com", "JANE@example.com "]))
        #expect(out.map { $0.reject?.code } == [.excludedExact, .excludedExact, nil, .excludedExact])
        let rej = try #require(out[0].reject)
        #expect(rej.stage == "exclude")
        #expect(rej.match == ExclusionMatch(file: "ex.txt", line: 1, entry: "jane@example.com"))
        #expect(out[1].reject?.match?.line == 3)
        #expect(rej.reason == "'jane@example.com' is on the exclusion list: 'jane@example.com' (ex.txt:1)")
        #expect(ledger.isBalanced && ledger.output == 1)
        #expect(f.context.warnings.isEmpty)
    }

    @Test func commentsAndKindPrefixes() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", """
        # header comment
        exact:a#b@x.com   # the '#' inside an address is kept
        prefix:test
        begins-with:qa.
        suffix:@spam.example
        ends-with:.invalid-tld
        domain:blocked.example
        @other.example
        """)
        let stage = try f.stage([("file", .scalar("ex.txt"))])
        let (out, _) = runStage(stage, emails([
            "a#b@x.com", "testing@x.com", "qa.team@x.com", "joe@spam.example", "joe@mail.invalid-tld",
            "joe@blocked.example", "joe@sub.blocked.example", "joe@other.example", "tes@x.com", "joe@notspam.example",
        ]))
        #expect(out.map { $0.reject?.code } == [.excludedExact, .excludedPrefix, .excludedPrefix, .excludedSuffix, .excludedSuffix,
                                               .excludedDomain, nil, .excludedDomain, nil, nil])
        #expect(out[1].reject?.match == ExclusionMatch(file: "ex.txt", line: 3, entry: "prefix:test"))
        #expect(out[7].reject?.match?.entry == "domain:other.example")
    }

    @Test func subdomainsOnlyWhenAsked() throws {
        let f = try ExclusionFiles()
        try f.write("d.txt", "@example.com\n")
        try f.write("s.txt", "subdomains: yes\n@example.org\n")
        let plain = try f.stage([("file", .scalar("d.txt"))])
        #expect(runStage(plain, emails(["a@mail.example.com"])).out[0].reject == nil)
        let asked = try f.stage([("file", .scalar("d.txt")), ("subdomains", .scalar("true"))])
        let (out, _) = runStage(asked, emails(["a@mail.example.com", "a@example.com", "a@badexample.com"]))
        #expect(out.map { $0.reject?.code } == [.excludedDomain, .excludedDomain, nil])
        #expect(out[0].reject?.match?.entry == "domain:example.com")
        let directive = try f.stage([("file", .scalar("s.txt"))])
        #expect(runStage(directive, emails(["x@a.b.example.org"])).out[0].reject?.code == .excludedDomain)
    }

    @Test func hashedEntriesMatchTheNormalizedAddress() throws {
        let sha = SHA256.hash(data: Array("hashed@example.com".utf8)).map { String(format: "%02x", $0) }.joined()
        let md5 = Insecure.MD5.hash(data: Array("md5@example.com".utf8)).map { String(format: "%02X", $0) }.joined()
        let f = try ExclusionFiles()
        try f.write("h.txt", "sha256:\(sha)\n\(md5)\n")
        let stage = try f.stage([("file", .scalar("h.txt"))])
        let (out, _) = runStage(stage, emails([" Hashed@Example.com", "md5@example.com", "other@example.com"]))
        #expect(out.map { $0.reject?.code } == [.excludedHashed, .excludedHashed, nil])
        #expect(out[0].reject?.match?.entry == "sha256:" + sha)
        #expect(out[1].reject?.match?.entry == "md5:" + md5.lowercased())
    }

    @Test func badHashIsWarnedAndSkipped() throws {
        let f = try ExclusionFiles()
        try f.write("h.txt", "sha256:abc\n")
        _ = try f.stage([("file", .scalar("h.txt"))])
        #expect(f.context.warnings.map(\.code) == ["exclusion_hash_invalid"])
        #expect(f.context.warnings[0].position == SourcePosition(file: "h.txt", line: 1, column: 1))
    }

    @Test func roleAccountsFromThePreset() throws {
        let f = try ExclusionFiles()
        try f.write("rules/role-accounts/testroles.txt", "# roles\ninfo\nno-reply\n")
        let stage = try f.stage([("role_accounts", .scalar("testroles"))])
        let (out, _) = runStage(stage, emails(["Info@x.com", "info+news@x.com", "no-reply@y.com", "informal@x.com"]))
        #expect(out.map { $0.reject?.code } == [.roleAccount, .roleAccount, .roleAccount, nil])
        #expect(out[0].reject?.match?.entry == "role:info")
        #expect(out[0].reject?.match?.line == 2)
    }

    @Test func theShippedStandardPresetLoads() throws {
        let context = StageContext(baseDirectory: PackagePaths.root)
        let stage = try ExcludeStage(settings: settingsNode([("role_accounts", .scalar("standard"))]), context: context)
        #expect(stage.entryCount > 20)
        #expect(runStage(stage, emails(["noreply@x.com"])).out[0].reject?.code == .roleAccount)
    }

    @Test func unknownPresetIsAnError() throws {
        let f = try ExclusionFiles()
        let error = #expect(throws: DiagnosticList.self) { _ = try f.stage([("role_accounts", .scalar("nonesuch"))]) }
        #expect(error?.diagnostics.first?.code == "unknown_preset")
    }

    @Test func disposableDomainsWithAnAllowlist() throws {
        let f = try ExclusionFiles()
        try f.write("disp.txt", "# disposable\nmailinator.com\n@tempmail.example\nexample.com\n")
        try f.write("allow.txt", "example.com\n")
        let stage = try f.stage([("disposable", .scalar("disp.txt")), ("allow", .scalar("allow.txt"))])
        let (out, _) = runStage(stage, emails(["a@mailinator.com", "a@x.mailinator.com", "a@tempmail.example", "a@example.com", "a@gmail.com"]))
        #expect(out.map { $0.reject?.code } == [.disposableDomain, .disposableDomain, .disposableDomain, nil, nil])
        #expect(out[1].reject?.match == ExclusionMatch(file: "disp.txt", line: 2, entry: "disposable:mailinator.com"))
    }

    // MARK: - scope

    @Test func listScopedEntriesRemoveSubscriptionsAndNote() throws {
        let f = try ExclusionFiles()
        try f.write("ex.txt", "lists: 3, 4\nnews@x.com\nlists: all\ngone@x.com\n")
        let stage = try f.stage([("file", .scalar("ex.txt"))])
        var a = ContactRecord.fixture(email: "news@x.com", record: 1); a.subscribe = [3, 5, 4]
        var b = ContactRecord.fixture(email: "gone@x.com", record: 2); b.subscribe = [3]
        let (out, ledger) = runStage(stage, [a, b])
        #expect(out[0].reject == nil)
        #expect(out[0].subscribe == [5])
        #expect(out[0].notes.map(\.code) == ["excluded_from_lists"])
        #expect(out[0].notes[0].message.contains("list 3, 4") && out[0].notes[0].message.contains("ex.txt:2"))
        #expect(out[1].reject?.code == .excludedExact)
        #expect(ledger.isBalanced)
    }

    @Test func allListsEntryWinsOverAScopedOne() throws {
        let f = try ExclusionFiles()
        try f.write("a.txt", "lists: 3\nboth@x.com\n")
        try f.write("b.txt", "both@x.com\n")
        let stage = try f.stage(items: [[("file", .scalar("a.txt"))], [("file", .scalar("b.txt"))]])
        let (out, _) = runStage(stage, emails(["both@x.com"]))
        #expect(out[0].reject?.match?.file == "b.txt")
    }

    @Test func pipelineListShapeWithPerItemOptions() throws {
        let f = try ExclusionFiles()
        try f.write("unsub.txt", "gone@x.com\n")
        try f.write("partners.txt", "@partner.example\n")
        let stage = try f.stage(items: [
            [("file", .scalar("unsub.txt"))],
            [("file", .scalar("partners.txt")), ("kind", .scalar("suffix")), ("lists", listNode(["3"]))],
            [("entries", listNode(["prefix:qa", "@blocked.example"]))],
        ])
        var p = ContactRecord.fixture(email: "joe@partner.example", record: 2); p.subscribe = [3, 7]
        let (out, _) = runStage(stage, [.fixture(email: "gone@x.com", record: 1), p, .fixture(email: "qa1@x.com", record: 3),
                                        .fixture(email: "a@blocked.example", record: 4)])
        #expect(out.map { $0.reject?.code } == [.excludedExact, nil, .excludedPrefix, .excludedDomain])
        #expect(out[1].subscribe == [7])
        #expect(out[1].notes.first?.message.contains("suffix:@partner.example") == true)
        #expect(f.context.warnings.isEmpty)
    }

    @Test func bareListItemIsAFile() throws {
        let f = try ExclusionFiles()
        try f.write("unsub.txt", "gone@x.com\n")
        let stage = try ExcludeStage(settings: SettingNode(.list([.scalar("unsub.txt")])), context: f.context)
        #expect(runStage(stage, emails(["gone@x.com"])).out[0].reject?.code == .excludedExact)
    }

    @Test func listItemsReportProblemsWithAllOthers() throws {
        let f = try ExclusionFiles()
        let error = #expect(throws: DiagnosticList.self) {
            _ = try f.stage(items: [[("fiel", .scalar("x.txt"))], [("kind", .scalar("sufix")), ("file", .scalar("missing.txt"))]])
        }
        let codes = error?.diagnostics.map(\.code) ?? []
        #expect(codes.contains("unknown_key") && codes.contains("invalid_choice"))
    }

    @Test func missingFileIsAnError() throws {
        let f = try ExclusionFiles()
        let error = #expect(throws: DiagnosticList.self) { _ = try f.stage([("file", .scalar("missing.txt"))]) }
        #expect(error?.diagnostics.first?.code == "exclusion_file_unreadable")
    }

    // MARK: - warnings

    @Test func endsWithWithoutBoundaryIsWarnedWithFileAndLine() throws {
        let f = try ExclusionFiles()
        try f.write("s.txt", "# x\nsuffix:example.com\nsuffix:@ok.com\nsuffix:.edu\n")
        let stage = try f.stage([("file", .scalar("s.txt"))])
        #expect(f.context.warnings.map(\.code) == ["suffix_without_boundary"])
        #expect(f.context.warnings[0].position == SourcePosition(file: "s.txt", line: 2, column: 1))
        #expect(f.context.warnings[0].severity == .warning)
        // Loaded all the same: it matches what it says.
        #expect(runStage(stage, emails(["a@notexample.com"])).out[0].reject?.code == .excludedSuffix)
    }

    @Test func lineWithoutAtIsWarned() throws {
        let f = try ExclusionFiles()
        try f.write("x.txt", "example.com\n")
        _ = try f.stage([("file", .scalar("x.txt"))])
        #expect(f.context.warnings.map(\.code) == ["exclusion_entry_no_at"])
    }

    // MARK: - CSV exports

    @Test func activeCampaignCSVExportByHeader() throws {
        let f = try ExclusionFiles()
        let csv = try String(contentsOfFile: PackagePaths.fixture("ListwashStagesTests", "exclude/ac-exclusions.csv"), encoding: .utf8)
        try f.write("ac.csv", csv)
        let stage = try f.stage([("file", .scalar("ac.csv"))])
        var news = ContactRecord.fixture(email: "newsletter@example.com", record: 4); news.subscribe = [3, 9]
        let (out, _) = runStage(stage, [
            .fixture(email: "unsubscribed@example.net", record: 1), .fixture(email: "tester@x.com", record: 2),
            .fixture(email: "a@internal.example", record: 3), news, .fixture(email: "partner@example.com", record: 5),
        ])
        #expect(out.map { $0.reject?.code } == [.excludedExact, .excludedPrefix, .excludedSuffix, nil, .excludedExact])
        #expect(out[0].reject?.match == ExclusionMatch(file: "ac.csv", line: 2, entry: "unsubscribed@example.net"))
        #expect(out[3].subscribe == [9])
        // A list name is not an id: all lists, with a warning.
        #expect(f.context.warnings.map(\.code) == ["exclusion_list_not_id"])
    }

    @Test func csvWithoutEmailColumnIsAnError() throws {
        let f = try ExclusionFiles()
        try f.write("x.csv", "Name,Phone\nA,1\n")
        let error = #expect(throws: DiagnosticList.self) { _ = try f.stage([("file", .scalar("x.csv"))]) }
        #expect(error?.diagnostics.first?.code == "exclusion_no_email_column")
    }

    // MARK: - flags

    @Test func positionalFilesAndFlagsBuildOneBlock() throws {
        let f = try ExclusionFiles()
        try f.write("a.txt", "a@x.com\n")
        let node = try FlagParser.parse(["--file", "a.txt", "--entry", "@y.com", "--lists", "3"], spec: ExcludeStage.spec)
        let stage = try ExcludeStage(settings: node, context: f.context)
        var r = ContactRecord.fixture(email: "a@x.com", record: 1); r.subscribe = [3, 4]
        let (out, _) = runStage(stage, [r, .fixture(email: "b@y.com", record: 2)])
        #expect(out[0].subscribe == [4] && out[1].reject == nil && out[1].notes.count == 1)
    }
}
