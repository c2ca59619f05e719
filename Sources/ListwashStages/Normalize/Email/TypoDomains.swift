import ListwashCore

/// Mistyped domains of common mail providers (`gmial.com` → `gmail.com`), from
/// `rules/normalize/typo-domains.txt`, with a built-in copy when the rules folder is absent.
struct TypoDomains: Sendable {
    let corrections: [String: String]
    private let prefilter: KeyPrefilter

    init(pairs: [String]) {
        var map: [String: String] = [:]
        for line in pairs {
            let parts = line.split(separator: " ")
            if parts.count == 2 { map[String(parts[0]).lowercased()] = String(parts[1]).lowercased() }
        }
        corrections = map
        prefilter = KeyPrefilter(keys: map.keys)
    }

    /// The list from the rules folder, or the built-in one.
    static func load(context: StageContext) -> TypoDomains {
        TypoDomains(pairs: RulesData.entries("normalize/typo-domains.txt", builtIn: builtIn, context: context).entries)
    }

    /// The domain meant by `asciiDomain`, when it is a known typo.
    func correction(for asciiDomain: String) -> String? { corrections[asciiDomain] }

    /// False when no ``correction(for:)`` exists for the domain of these UTF-8 bytes
    /// (`isASCII`: the caller knows they are).
    func mayMatch(_ domain: UnsafeBufferPointer<UInt8>, isASCII: Bool = false) -> Bool {
        !(isASCII || KeyPrefilter.isASCII(domain)) || prefilter.mayContain(domain, count: domain.count)
    }

    /// The built-in copy of rules/normalize/typo-domains.txt (a test keeps them equal).
    static let builtIn: [String] = [
        "gmial.com gmail.com", "gmai.com gmail.com", "gamil.com gmail.com", "gmal.com gmail.com", "gmil.com gmail.com",
        "gnail.com gmail.com", "gmali.com gmail.com", "gmaill.com gmail.com", "gmeil.com gmail.com", "gmsil.com gmail.com",
        "gmqil.com gmail.com", "gmaol.com gmail.com", "gimail.com gmail.com", "gmail.con gmail.com", "gmail.cm gmail.com",
        "gmail.om gmail.com", "gmail.cmo gmail.com", "gmail.ocm gmail.com", "gmail.comm gmail.com", "gmail.vom gmail.com",
        "gmail.xom gmail.com", "gmail.co gmail.com", "googlemial.com googlemail.com", "googlemail.con googlemail.com",
        "hotmial.com hotmail.com", "hotmal.com hotmail.com", "hotmai.com hotmail.com", "hotmil.com hotmail.com",
        "hotamil.com hotmail.com", "hotmaill.com hotmail.com", "hotnail.com hotmail.com", "homail.com hotmail.com",
        "hotmaik.com hotmail.com", "hotmsil.com hotmail.com", "hotmail.con hotmail.com", "hotmail.cm hotmail.com",
        "hotmail.cmo hotmail.com", "yaho.com yahoo.com", "yahooo.com yahoo.com", "yhaoo.com yahoo.com",
        "yahho.com yahoo.com", "yaoo.com yahoo.com", "tahoo.com yahoo.com", "yahoo.con yahoo.com", "yahoo.cm yahoo.com",
        "yahoo.cmo yahoo.com", "outlok.com outlook.com", "outloo.com outlook.com", "outllok.com outlook.com",
        "otlook.com outlook.com", "oulook.com outlook.com", "outlook.con outlook.com", "outlook.cm outlook.com",
        "iclod.com icloud.com", "icoud.com icloud.com", "iclould.com icloud.com", "icluod.com icloud.com",
        "icloud.con icloud.com", "aoll.com aol.com", "aol.con aol.com", "live.con live.com", "msn.con msn.com",
        "protonmial.com protonmail.com", "protonmail.con protonmail.com",
    ]
}
