import Testing
@testable import ListwashParsers

struct DelimiterSnifferTests {
    @Test(arguments: [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ("\"x;y\",b\n\"1;2\",3\n", ","),
        ("Email\nq@x.com\n", ","),
        ("a,b;c\n1,2;3\n", ","),
        ("a;b;c,d\n1;2;3,4\n5;6;7,8\n", ";"),
        ("\n\na;b\n1;2\n", ";"),
    ])
    func choosesTheConsistentCandidate(_ text: String, _ expected: Character) {
        let bytes = Array(text.utf8)
        let got = bytes.withUnsafeBufferPointer { DelimiterSniffer.sniff($0, isWholeInput: true) }
        #expect(got == expected.asciiValue)
    }
}
