import Testing
import ListwashTestSupport

struct CodesCommandTests {
    @Test func listsEveryRejectCodeWithAMeaning() throws {
        let r = try Listwash.run(["codes"])
        #expect(r.status == 0)
        for code in ["row_malformed", "email_invalid", "duplicate_merged", "contact_too_large", "ac_import_failed"] {
            #expect(r.stdout.contains(code + " "), "\(code)")
        }
    }

    @Test func aStageFedSomethingElseSaysWhatToPipeIn() throws {
        let r = try Listwash.run(["normalize"], stdin: Data("Email,Name\n".utf8))
        #expect(r.status == 1)
        #expect(r.stderr.contains("[input_not_records]"))
    }
}
import Foundation
