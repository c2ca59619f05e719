import Testing
import ListwashCore
import ListwashTestSupport

struct LedgerTests {
    struct DropsEmpty: Stage {
        let name = "normalize"
        mutating func process(_ record: ContactRecord, into out: inout StageOutput) {
            if record.email == nil { out.reject(record, Reject(code: .emailMissing, stage: name, reason: "no email")) } else { out.emit(record) }
        }
    }

    @Test func countsRejectsMadeHereAndPassedThrough() {
        let upstream = ContactRecord.fixture(email: "x").rejected(Reject(code: .rowMalformed, stage: "parse", reason: "r"))
        let (out, ledger) = runStage(DropsEmpty(), [.fixture(email: "a@b.co"), .fixture(), upstream])
        #expect(out.count == 3)
        #expect(ledger.input == 3 && ledger.output == 1 && ledger.rejectedTotal == 2 && ledger.rejectedHere == 1)
        #expect(ledger.isBalanced)
        #expect(ledger.line == "normalize: in 3 = out 1 + rejected 2 (email_missing 1, row_malformed 1)")
    }

    @Test func rejectedRecordsPassThroughUntouched() {
        let upstream = ContactRecord.fixture(email: nil).rejected(Reject(code: .rowMalformed, stage: "parse", reason: "r"))
        let (out, _) = runStage(DropsEmpty(), [upstream])
        #expect(out == [upstream])
    }

    @Test func everyRegisteredCodeIsSnakeCaseAndUnique() {
        let codes = RejectCode.registry.map(\.code.rawValue)
        #expect(Set(codes).count == codes.count)
        for c in codes { #expect(c.allSatisfy { $0.isLowercase || $0 == "_" }, "\(c)") }
    }
}
