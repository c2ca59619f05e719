import Testing
@testable import ListwashParsers

/// The path subset's grammar: what parses into which steps, and what is refused with a position.
@Suite struct XMLPathTests {
    @Test func childStepsPredicateAndAttribute() throws {
        let p = try XMLPath(parsing: "gd:email[@primary='true']/@address", kind: .field)
        #expect(p.alternatives.count == 1)
        let alt = p.alternatives[0]
        #expect(alt.steps.count == 1)
        #expect(alt.steps[0].name == XMLPath.QualifiedName(prefix: "gd", local: "email"))
        #expect(alt.steps[0].predicate == XMLPath.Predicate(attribute: .init(prefix: nil, local: "primary"), value: "true"))
        #expect(alt.terminal == .attribute(.init(prefix: nil, local: "address")))
        #expect(p.prefixes == ["gd"])
    }

    @Test func alternativesDoubleQuotesWildcardsAndText() throws {
        let p = try XMLPath(parsing: #"a/b[@k="v w"] | ./*/c | x:*/text() | @id | ."#, kind: .field)
        #expect(p.alternatives.count == 5)
        #expect(p.alternatives[0].steps[1].predicate?.value == "v w")
        #expect(p.alternatives[1].steps.map(\.name.local) == [nil, "c"])
        #expect(p.alternatives[2].steps[0].name == .init(prefix: "x", local: nil))
        #expect(p.alternatives[2].terminal == .text)
        #expect(p.alternatives[3].steps.isEmpty && p.alternatives[3].terminal == .attribute(.init(prefix: nil, local: "id")))
        #expect(p.alternatives[4].steps.isEmpty && p.alternatives[4].terminal == .text)
    }

    @Test func recordPathsAreAbsoluteWithDescendantSteps() throws {
        let p = try XMLPath(parsing: "/s:Envelope//t:Contact[@x]", kind: .record)
        let steps = p.alternatives[0].steps
        #expect(p.alternatives[0].absolute)
        #expect(steps.map(\.axis) == [.child, .descendant])
        #expect(steps[1].predicate?.value == nil && steps[1].predicate?.attribute.local == "x")
        #expect(try XMLPath(parsing: "//v:vcard", kind: .record).alternatives[0].steps[0].axis == .descendant)
    }

    @Test(arguments: [
        ("contacts/contact", XMLPath.Kind.record, 1, "absolute"),
        ("/contacts/@id", .record, 11, "not attributes"),
        ("/a | /b", .record, 4, "one alternative"),
        ("/email", .field, 1, "relative"),
        ("a//b", .field, 3, "'//'"),
        ("a[@k='v]", .field, 6, "unterminated"),
        ("a[k='v']", .field, 3, "attribute"),
        ("a[@k='v'", .field, 2, "predicate"),
        ("a/", .field, 3, "end of the path"),
        ("a b", .field, 3, "expected '|'"),
        ("", .field, 1, "empty"),
        ("a|", .field, 3, "empty"),
        ("@*", .field, 2, "'*'"),
    ])
    func refusedWithColumn(_ text: String, _ kind: XMLPath.Kind, _ column: Int, _ words: String) {
        do {
            _ = try XMLPath(parsing: text, kind: kind)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.description.contains(words), "\(error)")
        }
    }
}
