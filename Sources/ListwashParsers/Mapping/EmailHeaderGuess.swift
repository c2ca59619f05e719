/// The email column of a header no synonym names: the first short header that says "email"
/// (`Person - Email - Work` from Pipedrive, `Subscriber E-Mail (primary)`), leaving out the
/// headers that name a fact about an address rather than the address (`Email Opt In`,
/// `Email Status`, `Email Lists`).
///
/// Only a last resort, when the preset and generic's synonyms found no email column and the
/// preset is or extends generic: without it such a file stopped with `csv_no_email_column`. A long
/// "header" is a sentence (LinkedIn's notes before its real header), never taken.
enum EmailHeaderGuess {
    /// Words in a header's name that make it a fact about the address, compared with the
    /// name's lowercased words by prefix (`verif` covers verified and verification).
    static let factWords = ["opt", "status", "list", "consent", "permission", "verif", "valid", "bounce", "subscribed", "subscription",
                            "unsubscri", "type", "format", "count", "date", "time", "sent", "open", "click", "pref",
                            "domain", "campaign", "marketing", "score", "source", "reason", "last", "first"]
    /// The most words a header's name may have to be taken.
    static let maxWords = 5

    /// The first column of `header` not `taken` whose name says "email" and is short and not a
    /// fact about the address; nil when there is none.
    static func column(in header: [String], taken: [Bool]) -> Int? {
        header.indices.first { !taken[$0] && isAddressHeader(header[$0]) }
    }

    static func isAddressHeader(_ name: String) -> Bool {
        let words = name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard !words.isEmpty, words.count <= maxWords, HeaderName.key(name).contains("email") else { return false }
        return !words.contains { word in factWords.contains { word.hasPrefix($0) } }
    }
}
