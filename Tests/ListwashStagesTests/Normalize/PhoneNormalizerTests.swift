import Testing
import ListwashCore
@testable import ListwashStages

struct PhoneNormalizerTests {
    @Test(arguments: [
        ("US", "(650) 253-0000", "+16502530000"), ("US", "650.253.0000", "+16502530000"), ("US", "+1 650 253 0000", "+16502530000"),
        ("US", " 1-650-253-0000 ", "+16502530000"), ("US", "+44 20 7946 0958", "+442079460958"), ("GB", "020 7946 0958", "+442079460958"),
        ("FR", "06 12 34 56 78", "+33612345678"), ("DE", "+49 (0)30 1234567", "+49301234567")
    ])
    func formatsE164(region: String, input: String, expected: String) {
        var p = PhoneNormalizer(region: region)
        let out = p.normalize(input)
        #expect(out == .normalized(expected))
    }

    @Test(arguments: [("+1 650 253 0000 x12", "+16502530000 ext. 12"), ("(650) 253-0000 ext. 7", "+16502530000 ext. 7"),
                      ("+1 650-253-0000;ext=99", "+16502530000 ext. 99")])
    func keepsExtensions(input: String, expected: String) {
        var p = PhoneNormalizer(region: "US")
        #expect(p.normalize(input) == .normalized(expected))
        #expect(p.normalize(expected) == .normalized(expected), "the output parses back to itself")
    }

    /// A label after the number and the international prefix "00" (where the default region
    /// dials out with another) are read as what they are; each was `phone_invalid`.
    @Test(arguments: [
        ("US", "+1 (650) 253-0000 (mobile)", "+16502530000"), ("US", "650 253 0000 [w]", "+16502530000"),
        ("US", "(650) 253-0000 - (Work Phone)", "+16502530000"), ("US", "0044 20 7946 0958", "+442079460958"),
        ("US", "00 44 20 7946 0958", "+442079460958"), ("US", "0033 6 12 34 56 78 (portable)", "+33612345678"),
        ("GB", "0044 20 7946 0958", "+442079460958"), ("US", "011 44 20 7946 0958", "+442079460958"),
    ])
    func labelsAndTheDoubleZeroPrefixAreReadAsWhatTheyAre(region: String, input: String, expected: String) {
        var p = PhoneNormalizer(region: region)
        #expect(p.normalize(input) == .normalized(expected))
    }

    /// The other readings never make a number out of what is not one.
    @Test(arguments: ["(mobile)", "000123", "00 0 44 20 7946 0958", "12 (home)", "+1 (555) 859-5506 (cell)", "0044"])
    func otherReadingsStayInvalidWhenTheyAre(input: String) {
        var p = PhoneNormalizer(region: "US")
        guard case .invalid = p.normalize(input) else { Issue.record("'\(input)' was accepted"); return }
    }

    @Test(arguments: ["not a number", "12", "+1 (555) 859-5506", "+999 123"])
    func invalidNumbersAreReported(input: String) {
        var p = PhoneNormalizer(region: "US")
        guard case .invalid(let problem) = p.normalize(input) else { Issue.record("'\(input)' was accepted"); return }
        #expect(problem.code == "phone_invalid")
        #expect(problem.message.contains("'\(input)'"))
    }

    /// A value longer than libphonenumber's input limit is refused before the library runs its
    /// regular expressions over it (20,000 digits took 12 s there); the message shows its start.
    @Test(arguments: [251, 20_000, 100_000])
    func aValueTooLongForAPhoneIsRefusedAtOnce(length: Int) {
        var p = PhoneNormalizer(region: "US")
        let value = String(repeating: "1", count: length)
        guard case .invalid(let problem) = p.normalize(value) else { Issue.record("accepted"); return }
        #expect(problem.code == "phone_invalid")
        #expect(problem.message.hasSuffix("(\(length) bytes) is not a phone number: too long"))
        #expect(problem.message.count < 120)
        #expect(PhoneNumberLibrary.parse(value, region: "US") == .unparseable(.tooLongNSN))
    }

    @Test(arguments: [("US", "4.41E+11"), ("US", "4,41E+11"), ("GB", "7.7009E+9"), ("US", "6502530000.0"),
                      ("IT", "612345678"), ("US", "442079460958")])
    func excelDamageIsReportedNotRepaired(region: String, input: String) {
        var p = PhoneNormalizer(region: region)
        guard case .invalid(let problem) = p.normalize(input) else { Issue.record("'\(input)' was accepted"); return }
        #expect(problem.code == "phone_excel_damage")
        #expect(problem.message.contains("'\(input)'"))
    }

    @Test func whitespaceOnlyIsEmpty() {
        var p = PhoneNormalizer(region: "US")
        #expect(p.normalize(" \t") == .empty)
    }

    @Test func cacheStaysBounded() {
        var p = PhoneNormalizer(region: "US", cacheCapacity: 8)
        for i in 0..<100 { _ = p.normalize("650253\(1000 + i)") }
        #expect(p.cachedCount <= 16)
        #expect(p.normalize("6502531099") == .normalized("+16502531099"))
    }

    @Test func boundedCacheReturnsWhatItWasGiven() {
        var c = BoundedCache<Int, Int>(capacity: 3)
        var calls = 0
        for k in [1, 2, 1, 3, 4, 5, 1, 2] { #expect(c.value(for: k) { calls += 1; return k * 10 } == k * 10) }
        #expect(c.count <= 6)
        #expect(calls < 8)
    }
}
