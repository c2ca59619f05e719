import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport
import Testing

struct DedupeStageTests {
    // MARK: - first (default)

    @Test func firstKeepsTheFirstAndRejectsLaterOnesIntoIt() throws {
        let records = [
            ContactRecord.fixture(email: "jane@example.com", firstName: "Jane", record: 1),
            ContactRecord.fixture(email: "bob@example.com", record: 2),
            ContactRecord.fixture(email: "jane@example.com", firstName: "Janet", record: 3),
        ]
        let (out, ledger) = runStage(try dedupe([("union", .scalar("false"))]), records)
        #expect(out.map(\.source.record) == [1, 2, 3])
        #expect(out[0].reject == nil && out[0].firstName == "Jane")
        #expect(out[1].reject == nil)
        let rej = try #require(out[2].reject)
        #expect(rej.code == .duplicateMerged)
        #expect(rej.stage == "dedupe")
        #expect(rej.into == Provenance(file: "t.csv", record: 1, line: 2))
        #expect(rej.reason.contains("'jane@example.com'"))
        #expect(ledger.isBalanced && ledger.output == 2 && ledger.rejected[.duplicateMerged] == 1)
    }

    @Test(arguments: ["JANE@example.com", "  jane@EXAMPLE.com\t", "Jane@Example.Com"])
    func keyIgnoresCaseAndSurroundingSpace(_ variant: String) throws {
        let out = inInputOrder(runStage(try dedupe(), [.fixture(email: "jane@example.com", record: 1), .fixture(email: variant, record: 2)]).out)
        #expect(out[1].reject?.code == .duplicateMerged)
    }

    @Test func recordsWithoutEmailAreNeverMerged() throws {
        let (out, ledger) = runStage(try dedupe(), [.fixture(firstName: "A", record: 1), .fixture(firstName: "A", record: 2), .fixture(email: " ", record: 3)])
        #expect(out.allSatisfy { $0.reject == nil })
        #expect(ledger.output == 3)
    }

    @Test func firstWithoutUnionNotesTheTagsItCouldNotUnion() throws {
        let stage = try dedupe([("union", .scalar("false"))])
        let (out, _) = runStage(stage, [.fixture(email: "a@x.com", record: 1), .fixture(email: "a@x.com", tags: ["vip"], record: 2)])
        #expect(out[0].reject == nil && out[0].tags.isEmpty && out[0].merged.isEmpty)
        #expect(out[1].reject?.code == .duplicateMerged)
        #expect(out[1].notes.first?.code == "duplicate_not_unioned")
        #expect(out[1].notes.first?.message.contains("'vip'") == true)
    }

    /// The texts are built byte by byte for speed (TextBuilder): pinned word for word.
    @Test func duplicateReasonAndNoteSpelledOut() throws {
        let stage = try dedupe([("union", .scalar("false"))])
        var dup = ContactRecord.fixture(email: "a@x.com", tags: ["vip", "é"], file: "dir/ü.csv", record: 7, line: 12)
        dup.subscribe = [3, 14]
        dup.unsubscribe = [5]
        let (out, _) = runStage(stage, [.fixture(email: "A@x.com", file: "first.csv", record: 1234, line: 10_000), dup])
        #expect(out[1].reject?.reason == "'a@x.com' is a duplicate (key email) of the record at first.csv:10000; merge 'first' kept that one")
        #expect(out[1].notes.first?.message == "merge 'first' streams the survivor before its duplicates arrive, so this record's tags 'vip', 'é'; subscribe 3, 14; unsubscribe 5 were not added to it; use 'union: true' (the default) to union them")
        var listsOnly = ContactRecord.fixture(email: "a@x.com", record: 8)
        listsOnly.unsubscribe = [2]
        let (again, _) = runStage(stage, [.fixture(email: "a@x.com", record: 1), listsOnly])
        #expect(again[1].notes.first?.message.contains("so this record's unsubscribe 2 were not added") == true)
        let keyed = try dedupe([("key", SettingNode(.list([.scalar("email"), .scalar("customer_acct_name")])))])
        let (both, _) = runStage(keyed, [.fixture(email: "a@x.com", company: "Co", record: 1), .fixture(email: "a@x.com", company: "co", record: 2)])
        #expect(both.contains { $0.reject?.reason == "'a@x.com' is a duplicate (key email+customer_acct_name) of the record at t.csv:2; merge 'first' kept that one" })
    }

    @Test func firstWithoutUnionStreamsEachSurvivorAtOnce() throws {
        var runner = StageRunner(try dedupe([("union", .scalar("false"))]))
        var seen: [Int] = []
        runner.push(.fixture(email: "a@x.com", record: 1)) { seen.append($0.source.record) }
        #expect(seen == [1])
    }

    // MARK: - first with union (the default)

    /// Tags are one tag whatever their case, as normalize's tag dedupe and ActiveCampaign have
    /// them: the first spelling is kept.
    @Test func theTagUnionIgnoresCase() throws {
        let a = ContactRecord.fixture(email: "a@acme.co", tags: ["VIP"], record: 1)
        let a2 = ContactRecord.fixture(email: "a@acme.co", tags: ["vip", "Newsletter"], record: 2)
        let (out, ledger) = runStage(try dedupe(), [a, a2])
        #expect(ledger.isBalanced)
        #expect(out.first { $0.reject == nil }?.tags == ["VIP", "Newsletter"])
    }

    @Test func firstUnionsTagsListsAndSourcesOfLaterDuplicates() throws {
        var a = ContactRecord.fixture(email: "a@x.com", firstName: "Ann", tags: ["vip"], record: 1); a.subscribe = [3]
        let b = ContactRecord.fixture(email: "b@x.com", tags: ["b"], record: 2)
        var a2 = ContactRecord.fixture(email: "A@x.com ", firstName: "Annie", tags: ["new", "vip"], record: 3)
        a2.subscribe = [4, 3]; a2.unsubscribe = [9]
        var a3 = ContactRecord.fixture(email: "a@x.com", tags: ["late"], file: "u.csv", record: 4)
        a3.merged = [Provenance(file: "old.csv", record: 7, line: 8)]
        let (out, ledger) = runStage(try dedupe(), [a, b, a2, a3])
        #expect(ledger.isBalanced && ledger.output == 2 && ledger.rejected[.duplicateMerged] == 2)
        // The folded records leave as they come; the survivors once the input has ended, in order.
        #expect(out.map(\.source.record) == [3, 4, 1, 2])
        #expect(out[0].reject?.into == a.source && out[1].reject?.into == a.source)
        #expect(out[0].notes.isEmpty)
        let s = out[2]
        #expect(s.reject == nil && s.email == "a@x.com" && s.firstName == "Ann")
        #expect(s.tags == ["vip", "new", "late"])
        #expect(s.subscribe == [3, 4] && s.unsubscribe == [9])
        #expect(s.merged == [a2.source, a3.source, Provenance(file: "old.csv", record: 7, line: 8)])
        #expect(out[3].tags == ["b"] && out[3].merged.isEmpty)
    }

    @Test func firstWithUnionEmitsNothingBeforeTheEndOfInput() throws {
        var runner = StageRunner(try dedupe())
        var seen: [ContactRecord] = []
        runner.push(.fixture(email: "a@x.com", record: 1)) { seen.append($0) }
        runner.push(.fixture(firstName: "no key", record: 2)) { seen.append($0) }
        runner.push(.fixture(email: "a@x.com", tags: ["t"], record: 3)) { seen.append($0) }
        #expect(seen.map(\.source.record) == [3] && seen[0].reject?.code == .duplicateMerged)
        runner.finish { seen.append($0) }
        #expect(seen.map(\.source.record) == [3, 1, 2])
        #expect(seen[1].tags == ["t"] && seen[2].firstName == "no key")
    }

    @Test func firstWithUnionKeepsEveryValueOfTheSurvivor() throws {
        var a = ContactRecord.fixture(email: "a@x.com", firstName: "Zoë", lastName: "O'Brien \"Q\"", phone: "+14155550100", company: "Acme", record: 1)
        a.fields = [KeyValue("12", "gold"), KeyValue("13", "")]
        a.extra = [KeyValue("Birthday", "1990-01-01")]
        a.fullName = "Zoë O'Brien"
        a.notes = [Note(code: "phone_note", field: "phone", message: "x")]
        let (out, _) = runStage(try dedupe(), [a])
        #expect(out == [a])
    }

    @Test func firstWithUnionLeavesNoTemporaryFileBehind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let context = StageContext(environment: ["TMPDIR": dir.path])
        var runner = StageRunner(try DedupeStage(settings: settingsNode([]), context: context))
        // More survivors than one part of the hand-over at the end (DedupeStage.releasePart).
        for i in 1...10_000 { runner.push(.fixture(email: "u\(i % 9_000)@x.com", tags: ["t\(i % 7)"], record: i)) { _ in } }
        // The file is unlinked as soon as it is made: nothing to see in TMPDIR even while held,
        // and only an open descriptor, which the end of input closes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(try Self.openFiles(under: dir.path).count == 1)
        var survivors: [ContactRecord] = []
        runner.finish { if $0.reject == nil { survivors.append($0) } }
        #expect(survivors.count == 9_000 && runner.ledger.isBalanced)
        #expect(survivors.map(\.source.record) == Array(1...9_000))
        #expect(survivors[0].merged.map(\.record) == [9_001] && survivors[0].tags == ["t1", "t6"])
        #expect(try Self.openFiles(under: dir.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(context.warnings.isEmpty)
    }

    @Test func firstWithUnionHoldsInMemoryWhenTMPDIRIsUnusable() throws {
        let context = StageContext(environment: ["TMPDIR": "/nonexistent/listwash-test"])
        let stage = try DedupeStage(settings: settingsNode([]), context: context)
        let (out, ledger) = runStage(stage, [.fixture(email: "a@x.com", record: 1), .fixture(email: "a@x.com", tags: ["t"], record: 2)])
        #expect(ledger.isBalanced && out.map(\.source.record) == [2, 1] && out[1].tags == ["t"])
        #expect(context.warnings.map(\.code) == ["dedupe_spill_failed"])
    }

    /// Paths of this process's open descriptors that are (or were, before unlinking) under `dir`.
    /// A descriptor that closes between listing and reading (another test's) is skipped.
    static func openFiles(under dir: String) throws -> [String] {
        let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        return fds.compactMap { fd -> String? in
            var buf = [CChar](repeating: 0, count: 4096)
            let n = readlink("/proc/self/fd/" + fd, &buf, buf.count - 1)
            return n > 0 ? String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        }.filter { $0.hasPrefix(dir + "/") }
    }

    @Test func upstreamRejectsPassThroughUntouched() throws {
        let rejected = ContactRecord.fixture(email: "a@x.com", record: 1).rejected(Reject(code: .emailInvalid, stage: "normalize", reason: "x"))
        let (out, ledger) = runStage(try dedupe(), [rejected, .fixture(email: "a@x.com", record: 2)])
        #expect(out[0] == rejected)
        #expect(out[1].reject == nil)
        #expect(ledger.isBalanced)
    }

    // MARK: - composite keys

    @Test func compositeKeyNeedsEveryPartEqual() throws {
        let stage = try dedupe([("key", listNode(["email", "customer_acct_name"]))])
        let out = inInputOrder(runStage(stage, [
            .fixture(email: "a@x.com", company: "Acme", record: 1),
            .fixture(email: "a@x.com", company: "Other", record: 2),
            .fixture(email: "A@x.com", company: " acme ", record: 3),
        ]).out)
        #expect(out.map { $0.reject?.code } == [nil, nil, .duplicateMerged])
        #expect(out[2].reject?.reason.contains("email+customer_acct_name") == true)
    }

    @Test func keyOnCustomField() throws {
        let stage = try dedupe([("key", listNode(["fields.12"]))])
        var a = ContactRecord.fixture(email: "a@x.com", record: 1); a.fields = [KeyValue("12", "ID-7")]
        var b = ContactRecord.fixture(email: "b@x.com", record: 2); b.fields = [KeyValue("12", "id-7")]
        let out = inInputOrder(runStage(stage, [a, b]).out)
        #expect(out[1].reject?.code == .duplicateMerged)
    }

    // MARK: - holding policies

    @Test func lastKeepsTheLastAndUnionsTagsAndLists() throws {
        var a = ContactRecord.fixture(email: "a@x.com", firstName: "Old", tags: ["vip"], record: 1); a.subscribe = [3]
        var b = ContactRecord.fixture(email: "b@x.com", record: 2)
        b.subscribe = [9]
        var c = ContactRecord.fixture(email: "A@X.com", firstName: "New", tags: ["news", "vip"], record: 3); c.subscribe = [4]
        let (out, ledger) = runStage(try dedupe([("merge", .scalar("last"))]), [a, b, c])
        let survivors = out.filter { $0.reject == nil }
        #expect(survivors.map(\.source.record) == [3, 2])
        let s = survivors[0]
        #expect(s.firstName == "New")
        #expect(s.tags == ["vip", "news"])
        #expect(s.subscribe == [3, 4])
        #expect(s.merged == [a.source])
        let rej = try #require(out.first { $0.reject != nil })
        #expect(rej.source.record == 1 && rej.reject?.into == c.source)
        #expect(ledger.isBalanced && ledger.output == 2)
    }

    @Test func coalesceFillsEmptyValuesInInputOrder() throws {
        let a = ContactRecord.fixture(email: "a@x.com", firstName: "Ann", record: 1)
        let b = ContactRecord.fixture(email: "a@x.com", firstName: "Anna", lastName: "Lee", phone: "+1", tags: ["t"], record: 2)
        let c = ContactRecord.fixture(email: "a@x.com", lastName: "Other", company: "Acme", record: 3)
        let (out, ledger) = runStage(try dedupe([("merge", .scalar("coalesce"))]), [a, b, c])
        let s = try #require(out.first { $0.reject == nil })
        #expect(s.source == a.source)
        #expect(s.firstName == "Ann" && s.lastName == "Lee" && s.phone == "+1" && s.customerAcctName == "Acme")
        #expect(s.tags == ["t"])
        #expect(s.merged == [b.source, c.source])
        #expect(out.filter { $0.reject?.into == a.source }.count == 2)
        #expect(ledger.isBalanced)
    }

    @Test func mostCompleteWinsTiesGoToTheEarliest() throws {
        let a = ContactRecord.fixture(email: "a@x.com", firstName: "A", record: 1)
        let b = ContactRecord.fixture(email: "a@x.com", firstName: "B", lastName: "L", record: 2)
        let c = ContactRecord.fixture(email: "a@x.com", firstName: "C", phone: "+1", record: 3)
        let (out, _) = runStage(try dedupe([("merge", .scalar("most_complete"))]), [a, b, c])
        let s = try #require(out.first { $0.reject == nil })
        #expect(s.firstName == "B")
        #expect(s.merged == [a.source, c.source])
        #expect(out.filter { $0.reject != nil }.allSatisfy { $0.reject?.into == b.source })
    }

    // MARK: - provider rules

    @Test func providerRulesMatchGmailSpellingsButKeepTheAddress() throws {
        let stage = try dedupe([("provider_rules", .scalar("true"))])
        let out = inInputOrder(runStage(stage, [
            .fixture(email: "Jane.Doe@gmail.com", record: 1),
            .fixture(email: "janedoe+news@googlemail.com", record: 2),
            .fixture(email: "j.a.n.e.d.o.e@gmail.com", record: 3),
            .fixture(email: "jane.doe+x@outlook.com", record: 4),
            .fixture(email: "jane.doe@outlook.com", record: 5),
            .fixture(email: "janedoe@outlook.com", record: 6),
        ]).out)
        #expect(out.map { $0.reject?.code } == [nil, .duplicateMerged, .duplicateMerged, nil, .duplicateMerged, nil])
        #expect(out[0].email == "Jane.Doe@gmail.com")
        #expect(out[3].email == "jane.doe+x@outlook.com")
    }

    @Test func withoutProviderRulesGmailSpellingsStayApart() throws {
        let (out, _) = runStage(try dedupe(), [.fixture(email: "jane.doe@gmail.com", record: 1), .fixture(email: "janedoe@gmail.com", record: 2)])
        #expect(out.allSatisfy { $0.reject == nil })
    }

    // MARK: - fuzzy candidates

    @Test func candidatesAreReportedNeverMerged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let context = StageContext(baseDirectory: dir.path)
        var stage = try dedupe([("candidates", .scalar("cand.jsonl"))], context: context)
        let records: [ContactRecord] = [
            .fixture(email: "a@x.com", firstName: "John", lastName: "Smith", phone: "+1 415 555 0100", company: "Acme Inc", record: 1),
            .fixture(email: "b@y.com", phone: "+14155550100", record: 2),
            .fixture(email: "c@z.com", firstName: "smith", lastName: "JOHN", company: "ACME", record: 3),
            .fixture(email: "d@z.com", firstName: "John", lastName: "Smith", record: 4),
        ]
        var runner = StageRunner(stage)
        var out: [ContactRecord] = []
        for r in records { runner.push(r) { out.append($0) } }
        runner.finish { out.append($0) }
        stage = runner.stage
        #expect(out.allSatisfy { $0.reject == nil })
        #expect(stage.candidates.map(\.reason) == [.samePhone, .sameNameAndCompany])
        #expect(stage.candidates[0].first.email == "a@x.com" && stage.candidates[0].second.email == "b@y.com")
        #expect(stage.candidates[1].value == "john smith @ acme")
        let text = try String(contentsOfFile: dir.path + "/cand.jsonl", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"reason\":\"same_phone\"") && lines[0].contains("\"_src\":{\"file\":\"t.csv\",\"record\":1"))
        #expect(context.warnings.isEmpty)
    }

    /// Sweep 10 F06: under the policies that merge values, candidates are looked for among the
    /// survivors as merged: a phone the survivor took from its duplicate pairs it with another
    /// contact that has that phone.
    @Test(arguments: ["coalesce", "last", "most_complete"])
    func candidatesAreFoundOnTheMergedSurvivors(_ merge: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var stage = try dedupe([("merge", .scalar(merge)), ("candidates", .scalar("cand.jsonl"))], context: StageContext(baseDirectory: dir.path))
        let records: [ContactRecord] = [
            .fixture(email: "a@acme.co", firstName: "Ann", record: 1),
            .fixture(email: "a@acme.co", firstName: "Ann", lastName: "Lee", phone: "+14155550100", record: 2),
            .fixture(email: "b@acme.co", firstName: "Bob", lastName: "Ng", phone: "+14155550100", company: "Other", record: 3),
            .fixture(phone: "+14155550100", record: 4),
        ]
        var runner = StageRunner(stage)
        var out: [ContactRecord] = []
        for r in records { runner.push(r) { out.append($0) } }
        runner.finish { out.append($0) }
        stage = runner.stage
        let live = out.filter { $0.reject == nil }
        #expect(live.map(\.email) == ["a@acme.co", "b@acme.co", nil])
        #expect(live.map(\.phone) == ["+14155550100", "+14155550100", "+14155550100"])
        #expect(stage.candidates.map(\.reason) == [.samePhone])
        #expect(stage.candidates.first?.first.email == "a@acme.co" && stage.candidates.first?.second.email == "b@acme.co")
        #expect(live[1].notes.map(\.code) == ["duplicate_candidate"])
        #expect(out.count == records.count)
        let text = try String(contentsOfFile: dir.path + "/cand.jsonl", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1)
    }

    @Test func noCandidatesUnlessAsked() throws {
        let (out, _) = runStage(try dedupe(), [.fixture(email: "a@x.com", phone: "5550100123", record: 1), .fixture(email: "b@x.com", phone: "5550100123", record: 2)])
        #expect(out.count == 2)
        var stage = try dedupe()
        var o = StageOutput()
        stage.process(.fixture(email: "a@x.com", phone: "5550100123", record: 1), into: &o)
        stage.process(.fixture(email: "b@x.com", phone: "5550100123", record: 2), into: &o)
        #expect(stage.candidates.isEmpty)
    }

    // MARK: - settings

    @Test func settingsProblemsAreReportedTogether() {
        let error = #expect(throws: DiagnosticList.self) {
            _ = try dedupe([("key", listNode(["emial"])), ("merge", .scalar("frist")), ("bogus", .scalar("1"))])
        }
        let codes = error?.diagnostics.map(\.code) ?? []
        #expect(codes.contains("invalid_value") && codes.contains("invalid_choice") && codes.contains("unknown_key"))
        #expect(error?.description.contains("did you mean 'email'?") == true)
    }

    @Test func flagsBuildTheSameSettings() throws {
        let node = try FlagParser.parse(["--key", "email", "--key", "phone", "--merge", "coalesce", "--provider-rules"], spec: DedupeStage.spec)
        let stage = try DedupeStage(settings: node, context: StageContext())
        #expect(stage.policy == .coalesce)
        let (out, _) = runStage(stage, [.fixture(email: "a@x.com", phone: "1", record: 1), .fixture(email: "a@x.com", phone: "2", record: 2),
                                        .fixture(email: "A@x.com", phone: "1", record: 3)])
        #expect(out.filter { $0.reject != nil }.map(\.source.record) == [3])
    }
}
