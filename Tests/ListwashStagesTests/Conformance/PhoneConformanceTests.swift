import Testing
import ListwashCore
@testable import ListwashStages

/// listwash's E.164 output against libphonenumber's own example numbers, derived at test time
/// from the library through the shim: every supported region and number type, written in
/// several national and international forms, then parsed back by listwash. The output must be
/// exactly what libphonenumber makes of the same text, and (the agreement rate) the example
/// number itself wherever libphonenumber reads its own form back.
struct PhoneConformanceTests {
    /// Forms that must come back as the example number (measured: see the printed rate).
    static let minimumAgreement = 0.97

    struct Form {
        var text: String
        var region: String
        var label: String
    }

    /// The example in each form, with the region it is read in.
    static func forms(of e164: String, region: String) -> [Form] {
        var out: [Form] = [Form(text: e164, region: region, label: "e164")]
        let formats: [(PhoneNumberLibrary.Format, String, String)] = [
            (.international, region, "international"), (.international, "US", "international-from-US"),
            (.national, region, "national"), (.rfc3966, region, "rfc3966"),
        ]
        for (format, readIn, label) in formats {
            if let text = PhoneNumberLibrary.format(e164, region: region, as: format) { out.append(Form(text: text, region: readIn, label: label)) }
        }
        let caller = region == "US" ? "GB" : "US"
        if let text = PhoneNumberLibrary.format(e164, region: region, as: .outOfCountry, callingFrom: caller) {
            out.append(Form(text: text, region: caller, label: "dialled-from-\(caller)"))
        }
        if let text = PhoneNumberLibrary.format(e164, region: region, as: .international) {
            out.append(Form(text: text + " ext. 123", region: region, label: "international-with-extension"))
        }
        return out
    }

    @Test func e164IsExactlyLibphonenumbers() {
        let regions = PhoneNumberLibrary.supportedRegions
        #expect(regions.count > 200)
        var total = 0, sameAsExample = 0, libraryRoundTrips = 0
        var normalizers: [String: PhoneNormalizer] = [:]
        for region in regions {
            for type in PhoneNumberLibrary.NumberType.allCases {
                guard let example = PhoneNumberLibrary.example(region: region, type: type) else { continue }
                for form in Self.forms(of: example, region: region) {
                    total += 1
                    var n = normalizers[form.region] ?? PhoneNormalizer(region: form.region)
                    let got = n.normalize(form.text)
                    normalizers[form.region] = n
                    let expectedExt = form.label.hasSuffix("extension") ? " ext. 123" : ""
                    // What libphonenumber itself makes of the same text.
                    let library = PhoneNumberLibrary.parse(form.text, region: form.region)
                    switch (library, got) {
                    case (.parsed(let e164, let ext, true), .normalized(let out)):
                        #expect(out == e164 + (ext.map { " ext. \($0)" } ?? ""), "\(region) \(type) \(form.label) '\(form.text)'")
                    case (.parsed(_, _, true), _):
                        Issue.record("\(region) \(type) \(form.label) '\(form.text)': libphonenumber reads it as valid, listwash says \(got)")
                    case (_, .normalized(let out)):
                        Issue.record("\(region) \(type) \(form.label) '\(form.text)': libphonenumber finds it invalid, listwash wrote '\(out)'")
                    default:
                        break
                    }
                    if case .parsed(let e164, _, true) = library, e164 == example { libraryRoundTrips += 1 }
                    if got == .normalized(example + expectedExt) { sameAsExample += 1 }
                }
            }
        }
        let rate = Double(sameAsExample) / Double(total)
        print("libphonenumber examples: \(total) forms, listwash wrote the example's E.164 for \(sameAsExample) (\(String(format: "%.2f", rate * 100))%); libphonenumber itself read \(libraryRoundTrips) back")
        #expect(sameAsExample == libraryRoundTrips, "listwash matches the library wherever the library reads its own form back")
        #expect(rate >= Self.minimumAgreement)
    }
}
