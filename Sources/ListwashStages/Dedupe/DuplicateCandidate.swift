import ListwashCore

/// Two records with different keys that may still be one person: the same phone, or the same
/// name and company. Reported for a person to review (`--candidates FILE`, the audit), never
/// merged automatically.
public struct DuplicateCandidate: Sendable, Hashable {
    /// Why the two records look alike.
    public enum Reason: String, Sendable {
        case samePhone = "same_phone"
        case sameNameAndCompany = "same_name_and_company"
    }

    /// One side of a candidate pair: the address as sent and where the record came from.
    public struct Side: Sendable, Hashable {
        public var email: String
        public var source: Provenance
    }

    public var reason: Reason
    /// The shared value as compared (digits of the phone; `name tokens @ company`).
    public var value: String
    /// The earlier record.
    public var first: Side
    /// The later record.
    public var second: Side

    /// One JSON line for the candidates file.
    public var jsonLine: String {
        var w = JSONWriter()
        w.raw("{\"reason\":"); w.string(reason.rawValue)
        w.raw(",\"value\":"); w.string(value)
        for (name, side) in [("first", first), ("second", second)] {
            w.byte(UInt8(ascii: ",")); w.key(name)
            w.raw("{\"email\":"); w.string(side.email)
            w.raw(",\"_src\":{\"file\":"); w.string(side.source.file)
            w.raw(",\"record\":"); w.int(side.source.record)
            w.raw(",\"line\":"); w.int(side.source.line)
            w.raw("}}")
        }
        w.byte(UInt8(ascii: "}"))
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// Finds ``DuplicateCandidate``s among the first record of every key: each record is compared
/// with the first earlier record that had the same phone (at least 7 digits), and with the first
/// earlier record that had the same name fingerprint and company. Comparing only with the first
/// keeps the pairs linear in the number of records even when thousands share a placeholder phone.
///
/// Memory: two fingerprint tables plus one email and provenance per record that has a phone or
/// a name and company, which is why it runs only when asked (`candidates` or `fuzzy`).
struct CandidateFinder {
    private var phones: FingerprintTable<UInt32>
    private var names: FingerprintTable<UInt32>
    private var sides: [DuplicateCandidate.Side] = []
    private let hashKey: FingerprintKey
    private(set) var found: [DuplicateCandidate] = []

    init(hashKey: FingerprintKey) {
        self.hashKey = hashKey
        phones = FingerprintTable(filler: 0)
        names = FingerprintTable(filler: 0)
    }

    /// Checks a record seen for the first time under its key.
    mutating func check(_ r: ContactRecord) {
        let phone = Self.phoneDigits(r.phone)
        let name = Self.nameFingerprint(r)
        guard phone != nil || name != nil else { return }
        let index = UInt32(truncatingIfNeeded: sides.count)
        let side = DuplicateCandidate.Side(email: r.email ?? "", source: r.source)
        var stored = false
        if let phone {
            let fp = Fingerprint128(Array(phone.utf8), key: hashKey)
            if let earlier = phones.insertIfAbsent(fp, index) {
                found.append(DuplicateCandidate(reason: .samePhone, value: phone, first: sides[Int(earlier)], second: side))
            } else {
                stored = true
            }
        }
        if let name {
            let fp = Fingerprint128(Array(name.utf8), key: hashKey)
            if let earlier = names.insertIfAbsent(fp, index) {
                found.append(DuplicateCandidate(reason: .sameNameAndCompany, value: name, first: sides[Int(earlier)], second: side))
            } else {
                stored = true
            }
        }
        if stored { sides.append(side) }
    }

    /// The digits of a phone, when there are at least 7 (shorter values are extensions or junk).
    static func phoneDigits(_ phone: String?) -> String? {
        guard let phone else { return nil }
        let digits = String(String.UnicodeScalarView(phone.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }))
        return digits.count >= 7 ? digits : nil
    }

    /// Legal-form words that do not tell two companies apart.
    static let companySuffixes: Set<String> = ["inc", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sarl", "bv", "nv",
                                               "co", "corp", "corporation", "company", "plc", "srl", "spa", "oy", "ab", "the"]

    /// `name tokens @ company tokens`: lowercase letter-and-digit words, name words sorted (so
    /// "Doe, John" and "John Doe" agree), company legal forms dropped. Nil unless both are known.
    static func nameFingerprint(_ r: ContactRecord) -> String? {
        var nameText = [r.firstName ?? "", r.lastName ?? ""].joined(separator: " ")
        if nameText.allSatisfy({ $0 == " " }) { nameText = r.fullName ?? "" }
        let nameWords = words(nameText).sorted()
        let companyWords = words(r.customerAcctName ?? "").filter { !companySuffixes.contains($0) }
        guard !nameWords.isEmpty, !companyWords.isEmpty else { return nil }
        return nameWords.joined(separator: " ") + " @ " + companyWords.joined(separator: " ")
    }

    static func words(_ s: String) -> [String] {
        s.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
