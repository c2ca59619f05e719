import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashPipeline

struct AuditCollectorTests {
    static func rejected(_ code: RejectCode, stage: String, line: Int) -> ContactRecord {
        ContactRecord.fixture(email: "bad\(line)@x.io", line: line)
            .rejected(Reject(code: code, stage: stage, reason: "reason \(line)"))
    }

    @Test func keepsAFewExamplesPerCodeAndCountsAll() {
        var c = AuditCollector()
        for i in 1...50 { c.observe(Self.rejected(.emailInvalid, stage: "normalize", line: i)) }
        #expect(c.rejects[.emailInvalid]?.count == 50)
        #expect(c.rejects[.emailInvalid]?.examples.map(\.line) == [1, 2, 3])
        #expect(c.rejects[.emailInvalid]?.examples.first?.value == "bad1@x.io")
    }

    @Test func aPipesFunnelIsRebuiltFromTheRejectsAndBalances() {
        var c = AuditCollector()
        c.observe(.fixture(email: "a@gmail.com"))
        c.observe(.fixture(email: "b@gmail.com"))
        c.observe(Self.rejected(.rowMalformed, stage: "parse", line: 3))
        c.observe(Self.rejected(.emailInvalid, stage: "normalize", line: 4))
        c.observe(Self.rejected(.duplicateMerged, stage: "dedupe", line: 5))
        let ledgers = c.pipeLedgers()
        #expect(ledgers.map(\.stage) == ["input", "parse", "normalize", "dedupe"])
        #expect(ledgers.allSatisfy { $0.isBalanced })
        #expect(ledgers.map(\.output) == [5, 4, 3, 2])
        #expect(ledgers.map(\.rejectedHere) == [0, 1, 1, 1])
    }

    @Test func countsFillRatesAndDomainsOfImportableContactsOnly() {
        var c = AuditCollector()
        c.observe(.fixture(email: "a@gmail.com", firstName: "A", phone: "+14155550100"))
        c.observe(.fixture(email: "b@gmail.com"))
        c.observe(.fixture(email: "c@outlook.com", firstName: "C"))
        c.observe(Self.rejected(.emailInvalid, stage: "normalize", line: 9))
        #expect(c.filled["email"] == 3)
        #expect(c.filled["first_name"] == 2)
        #expect(c.filled["phone"] == 1)
        #expect(c.domains == ["gmail.com": 2, "outlook.com": 1])
    }

    @Test func groupsExclusionHitsByRuleAndFile() {
        var c = AuditCollector()
        for i in 1...3 {
            c.observe(ContactRecord.fixture(email: "x\(i)@rival.biz").rejected(
                Reject(code: .excludedDomain, stage: "exclude", reason: "domain excluded", match: ExclusionMatch(file: "unsub.txt", line: 2, entry: "@rival.biz"))))
        }
        c.observe(ContactRecord.fixture(email: "info@a.io").rejected(Reject(code: .roleAccount, stage: "exclude", reason: "role account")))
        #expect(c.exclusions[.init(rule: .excludedDomain, file: "unsub.txt")]?.count == 3)
        #expect(c.exclusions[.init(rule: .roleAccount, file: "-")]?.count == 1)
        #expect(c.exclusions[.init(rule: .excludedDomain, file: "unsub.txt")]?.examples.first?.reason == "unsub.txt:2: @rival.biz")
    }
}
