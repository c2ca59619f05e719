import Foundation
import ListwashTestSupport

/// The email suites of ../shared/corpus/email, read at test time (never copied).
enum EmailCorpus {
    /// One address with email-validator's verdict under its default options.
    struct Case {
        var group: String
        var input: String
        var valid: Bool
    }

    /// email-validator's own cases (python-email-validator/email_validator_cases.json), each with
    /// the verdict email-validator gives under its default options: quoted local parts, domain
    /// literals and special-use domains refused, local parts over 64 characters allowed
    /// (`strict=False`), display names allowed only in the 'valid' group, whose test turns them on.
    static func emailValidatorCases() throws -> [Case]? {
        guard let dir = try Corpus.directory("email/python-email-validator") else { return nil }
        let root = try jsonObject(dir + "/email_validator_cases.json")
        guard let groups = root["groups"] as? [String: Any] else { throw CorpusFormat(file: "email_validator_cases.json") }
        var out: [Case] = []
        for (name, value) in groups.sorted(by: { $0.key < $1.key }) {
            guard let group = value as? [String: Any], let cases = group["cases"] as? [[String: Any]] else { continue }
            for c in cases {
                switch name {
                case "valid", "valid_intl_local_part", "invalid_only_when_strict":
                    out.append(Case(group: name, input: c["input"] as? String ?? "", valid: true))
                case "unsafe_character":
                    for key in ["local_input", "domain_input"] { out.append(Case(group: name, input: c[key] as? String ?? "", valid: false)) }
                case "pyisemail_subset":
                    let verdict = c["email_validator_verdict"] as? String ?? ""
                                        let input = c["input"] as? String ?? ""
                    // 'invalid_strict' is valid with strict=False, the default, unless the local
                    // part is quoted, which the default refuses in any case.
                    out.append(Case(group: name, input: input, valid: verdict == "valid" || (verdict == "invalid_strict" && !input.hasPrefix("\""))))
                default:
                    // valid_only_if_quoted_local_part, domain_literal, invalid_syntax, invalid_reserved_domain,
                    // invalid_when_smtputf8_off (its domain 'test' or its quotes are refused by default), misc.
                    out.append(Case(group: name, input: c["input"] as? String ?? "", valid: false))
                }
            }
        }
        return out
    }

    /// isemail's tests (isemail/isemail_tests_flat.json): address and category.
    static func isemailTests() throws -> [(address: String, category: String, diagnosis: String)]? {
        guard let dir = try Corpus.directory("email/isemail") else { return nil }
        let root = try jsonObject(dir + "/isemail_tests_flat.json")
        guard let tests = root["tests"] as? [[String: Any]] else { throw CorpusFormat(file: "isemail_tests_flat.json") }
        return tests.map { ($0["address"] as? String ?? "", $0["category"] as? String ?? "", $0["diagnosis"] as? String ?? "") }
    }

    /// The file's JSON. A lone surrogate escape (`\ud800`, one of email-validator's unsafe
    /// characters) cannot be a Swift `String`; it is read as U+FFFD, which listwash refuses as
    /// unsafe just as email-validator refuses the surrogate.
    private static func jsonObject(_ path: String) throws -> [String: Any] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\\ud800\"", with: "\\ufffd\"").replacingOccurrences(of: "\\ud800@", with: "\\ufffd@")
        guard let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { throw CorpusFormat(file: path) }
        return obj
    }
}

/// A corpus file is not in the shape the test expects.
struct CorpusFormat: Error, CustomStringConvertible {
    var file: String
    var description: String { "unexpected format in corpus file '\(file)'" }
}
