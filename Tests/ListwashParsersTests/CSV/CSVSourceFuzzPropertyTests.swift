import Testing
import PropertyBased
import ListwashCore
@testable import ListwashParsers

/// Arbitrary bytes never crash the CSV source: it either refuses the file with a Diagnostic or
/// gives records whose provenance counts up, each either clean or rejected with a parse code.
struct CSVSourceFuzzPropertyTests {
    static let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x09, 0x0A, 0x0D, 0x00, 0x61, 0x40, 0xC3, 0xA9, 0xFF, 0xE2, 0x80]

    @Test func arbitraryBytesAfterAHeaderNeverCrash() async {
        let pick = Self.interesting
        let bytes = Gen.int(in: 0...(pick.count - 1)).array(of: 0...200).map { $0.map { pick[$0] } }
        await propertyCheck(count: 300, input: bytes) { body in
            let (records, _) = try parseCSV(Array("Email,Name,Phone\n".utf8) + body)
            #expect(records.map(\.source.record) == records.indices.map { $0 + 1 })
            #expect(zip(records, records.dropFirst()).allSatisfy { $0.source.line < $1.source.line })
            let parseCodes: Set<RejectCode> = [.rowMalformed, .recordEmpty, .encodingInvalid]
            #expect(records.allSatisfy { $0.reject == nil || (parseCodes.contains($0.reject!.code) && $0.reject!.stage == "parse") })
        }
    }

    @Test func arbitraryBytesAsAWholeFileAreRecordsOrADiagnostic() async {
        let bytes = Gen.int(in: 0...255).array(of: 0...120).map { $0.map(UInt8.init) }
        await propertyCheck(count: 300, input: bytes) { body in
            do {
                _ = try parseCSV(body)
            } catch is Diagnostic {
                // refused with a message: fine
            }
        }
    }
}
