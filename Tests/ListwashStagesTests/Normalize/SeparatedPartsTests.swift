import Foundation
import ListwashCore
import Testing
@testable import ListwashStages

/// The byte-level splitter the email-list check uses agrees with Foundation's
/// `components(separatedBy:)` (trimmed, empty parts left out) on random text with multi-byte
/// characters, and says nil exactly when the separator does not occur.
struct SeparatedPartsTests {
    @Test func agreesWithFoundationOnRandomText() {
        let alphabet: [String] = ["a", "@", " ", "\t", ":", ";", ",", "é", "€", "😀", " ::: ", "::"]
        var rng = SplitMix64(seed: 17)
        for _ in 0..<5000 {
            let text = (0..<Int(rng.next() % 10)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            for (separator, literal) in [(" ::: ", " ::: " as StaticString), (";", ";"), (",", ",")] {
                let expected: [String]? = text.contains(separator)
                    ? text.components(separatedBy: separator).map { Whitespace.trimSpaces($0) }.filter { !$0.isEmpty }
                    : nil
                #expect(SeparatedParts.split(text, by: literal) == expected, "\(text.debugDescription) by \(separator.debugDescription)")
            }
        }
    }

    @Test func overlappingSeparatorsCutAtTheFirst() {
        #expect(SeparatedParts.split("a ::: ::: b", by: " ::: ") == ["a", "::: b"])
        #expect(SeparatedParts.split(";;", by: ";") == [])
    }
}
