@testable import ListwashImport
import ListwashCore
import Testing

/// The writer's parts on their own: the email shape, the batch validator, the tail balancer.
struct BatchPartsTests {
    // The workload's rule: ^[^@\s]+@[^@\s]+\.[^@\s]+$ (../shared/bench/README.md "valid").
    @Test(arguments: [
        ("a@b.c", true), ("a@b..c", true), ("x@gmail.com.", true), ("zoë.müller@example.de", true), ("李.wang@example.cn", true),
        ("a.b@c.d.e", true), ("", false), ("x@gmail.", false), ("x@localhost", false), ("@b.c", false), ("a@.c", false), ("a@..c", true),
        ("a@b.", false), ("a b@c.d", false), ("a@b.c ", false), ("a@@b.c", false), ("a@b@c.d", false), ("a\t@b.c", false),
        ("a@.", false), ("a@b", false), ("ab.c", false),
    ])
    func emailShape(email: String, valid: Bool) {
        #expect(EmailCheck.hasBasicShape(email) == valid, "\(email)")
    }

    @Test func emailKeysIgnoreCase() {
        #expect(EmailCheck.key("Ann@Example.COM") == "ann@example.com")
        #expect(EmailCheck.key("ZOË@example.de") == "zoë@example.de")
        #expect(EmailCheck.key("plain@example.com") == "plain@example.com")
    }

    private func batch(_ emails: [String]) -> PendingBatch {
        var b = PendingBatch(capacity: 64)
        for (i, e) in emails.enumerated() {
            var w = JSONWriter()
            w.raw("{\"email\":"); w.string(e); w.raw(",\"tags\":[]}")
            b.append(serialized: w.bytes[...], key: EmailCheck.key(e), source: Provenance(file: "t", record: i + 1, line: i + 1))
        }
        return b
    }

    private let envelope = RequestEnvelope(settings: BatchSettings(out: "o"))

    @Test func theValidatorPassesAGoodBatch() {
        #expect(BatchValidator.problems(of: batch(["a@x.com", "b@x.com"]), envelope: envelope, maxContacts: 250, maxBytes: 399_999).isEmpty)
    }

    @Test func theValidatorRefusesWhatTheAPIWouldRefuse() {
        #expect(BatchValidator.problems(of: batch([]), envelope: envelope, maxContacts: 250, maxBytes: 399_999) == ["no contacts"])
        let three = batch(["a@x.com", "b@x.com", "c@x.com"])
        #expect(BatchValidator.problems(of: three, envelope: envelope, maxContacts: 2, maxBytes: 399_999) == ["3 contacts, over the limit of 2"])
        let bytes = envelope.overhead + three.body.count
        #expect(BatchValidator.problems(of: three, envelope: envelope, maxContacts: 250, maxBytes: bytes - 1) == ["\(bytes) bytes, over the limit of \(bytes - 1)"])
        #expect(BatchValidator.problems(of: batch(["a@x.com", "A@X.com"]), envelope: envelope, maxContacts: 250, maxBytes: 399_999)
            == ["the email 'a@x.com' appears twice"])
        #expect(BatchValidator.problems(of: batch(["", "b@x"]), envelope: envelope, maxContacts: 250, maxBytes: 399_999)
            == ["contact 1 does not start with a non-empty email", "contact 1 has the malformed email ''", "contact 2 has the malformed email 'b@x'"])
    }

    @Test func theValidatorFindsAnEmailTwiceWhateverItsBytes() {
        // Equal as `String`s (canonical equivalence), different bytes, ASCII or not.
        #expect(BatchValidator.problems(of: batch(["zoë@x.de", "a@x.com", "zoe\u{308}@x.de"]), envelope: envelope, maxContacts: 250, maxBytes: 399_999)
            == ["the email 'zoe\u{308}@x.de' appears twice"])
        #expect(BatchValidator.problems(of: batch(["K@x.com", "\u{212A}@x.com"]), envelope: envelope, maxContacts: 250, maxBytes: 399_999).count == 1)
        let many = (0..<250).map { "contact.number\($0)@example.com" }
        #expect(BatchValidator.problems(of: batch(many), envelope: envelope, maxContacts: 250, maxBytes: 399_999).isEmpty)
        #expect(BatchValidator.problems(of: batch(many + ["contact.number17@example.com"]), envelope: envelope, maxContacts: 251, maxBytes: 399_999)
            == ["the email 'contact.number17@example.com' appears twice"])
    }

    @Test func aPendingBatchReleasesTheClaimsItRollsBackOrHandsOn() {
        var b = batch(["a@x.com", "b@x.com", "c@x.com"])
        let again = b.claim(key: "b@x.com"), fresh = b.claim(key: "d@x.com")
        #expect(!again && fresh)
        let start = b.beginContact()
        b.body.raw("{\"email\":\"d@x.com\",\"tags\":[]}")
        _ = b.rollBack(start: start, key: "d@x.com")
        #expect(!b.contains(key: "d@x.com") && b.contains(key: "c@x.com"))
        let moved = b.removeLast(2)
        #expect(moved.map(\.key) == ["b@x.com", "c@x.com"])
        #expect(b.contains(key: "a@x.com") && !b.contains(key: "b@x.com") && !b.contains(key: "c@x.com"))
        let reclaimed = b.claim(key: "c@x.com")
        #expect(reclaimed)
        b.clear()
        let afterClear = b.claim(key: "a@x.com")
        #expect(afterClear && b.count == 0)
    }

    @Test func theBalancerMovesTheFewestContactsAndKeepsOrder() {
        var previous = batch((0..<250).map { "p\($0)@x.com" })
        var last = batch(["l0@x.com", "l1@x.com"])
        let outcome = TailBalancer.balance(previous: &previous, last: &last, overhead: envelope.overhead, maxContacts: 250, maxBytes: 399_999)
        #expect(outcome == .moved(count: 9))
        #expect(previous.count == 241)
        #expect(last.keys == (241..<250).map { "p\($0)@x.com" } + ["l0@x.com", "l1@x.com"])
        #expect(String(decoding: last.body.bytes, as: UTF8.self).hasPrefix(#"{"email":"p241@x.com","tags":[]},{"email":"p242"#))
        #expect(last.sources.first?.record == 242)
        #expect(BatchValidator.problems(of: last, envelope: envelope, maxContacts: 250, maxBytes: 399_999).isEmpty)
        #expect(BatchValidator.problems(of: previous, envelope: envelope, maxContacts: 250, maxBytes: 399_999).isEmpty)
    }

    @Test func theBalancerLeavesWhatCannotBeBalanced() {
        var a = batch((0..<15).map { "p\($0)@x.com" })
        var b = batch(["l@x.com"])
        guard case .unavoidable(let reason) = TailBalancer.balance(previous: &a, last: &b, overhead: envelope.overhead, maxContacts: 250, maxBytes: 399_999) else {
            Issue.record("expected unavoidable")
            return
        }
        #expect(reason.contains("16 contacts together"))
        #expect(a.count == 15 && b.count == 1)

        var c = batch((0..<50).map { "p\($0)@x.com" })
        var d = batch(["l@x.com"])
        let tight = envelope.overhead + d.body.count + 5
        guard case .unavoidable(let why) = TailBalancer.balance(previous: &c, last: &d, overhead: envelope.overhead, maxContacts: 250, maxBytes: tight) else {
            Issue.record("expected unavoidable")
            return
        }
        #expect(why.contains("over \(tight) bytes"))
        #expect(c.count == 50)

        var e = batch((0..<50).map { "p\($0)@x.com" })
        var f = batch((0..<20).map { "l\($0)@x.com" })
        #expect(TailBalancer.balance(previous: &e, last: &f, overhead: envelope.overhead, maxContacts: 250, maxBytes: 399_999) == .notNeeded)
    }
}
