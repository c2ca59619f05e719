import ListwashCore

/// Normalizes one phone number to E.164 with libphonenumber (issue 5 "Phone"): a default region
/// for national numbers, extensions kept (`+14155550100 ext. 12`, which libphonenumber parses
/// back to the same number), Excel damage (`4.41E+11`, a lost leading zero) recognized and
/// reported but never repaired by guessing; a label after the number (`(mobile)`) and the
/// international prefix `00` are read as what they are (``PhoneRewrites``). Results are cached by input, since each parse costs
/// about 20 µs (the region is fixed per normalizer, so the input alone is the key).
public struct PhoneNormalizer {
    /// How phones are treated.
    public enum Mode: String, Sendable, CaseIterable {
        case e164, keep
    }

    /// What becomes of a phone number that is not valid.
    public enum InvalidPolicy: String, Sendable, CaseIterable {
        case note, reject
        case dropValue = "drop_value"
    }

    /// Why a phone number could not be normalized.
    public struct Problem: Equatable, Sendable {
        /// `phone_invalid` or `phone_excel_damage`.
        public var code: String
        /// One line, the number in single quotes.
        public var message: String
        public var fix: String
    }

    /// What became of a phone number.
    public enum Outcome: Equatable, Sendable {
        /// The number in E.164, with ` ext. N` when it has an extension.
        case normalized(String)
        /// Nothing but whitespace: the phone is removed.
        case empty
        case invalid(Problem)
    }

    public let region: String
    private var cache: BoundedCache<String, Outcome>

    /// A normalizer for national numbers of `region` (ISO 3166 alpha-2, e.g. `US`).
    public init(region: String, cacheCapacity: Int = 65_536) {
        self.region = region
        cache = BoundedCache(capacity: cacheCapacity)
    }

    /// Normalizes `raw`, from the cache when it was seen before.
    public mutating func normalize(_ raw: String) -> Outcome {
        let region = self.region
        return cache.value(for: raw) { Self.compute(raw, region: region) }
    }

    /// Entries in the cache (for tests of its bound).
    var cachedCount: Int { cache.count }

    static func compute(_ raw: String, region: String) -> Outcome {
        let text = Whitespace.trimSpaces(raw)
        if text.isEmpty { return .empty }
        let length = text.utf8.count
        if length > PhoneNumberLibrary.maxInputLength {
            // No phone number is this long; the message shows its start, not all of it.
            return .invalid(Problem(code: "phone_invalid", message: "'\(text.prefix(40))…' (\(length) bytes) is not a phone number: too long",
                                    fix: "check the column mapping: this column may not hold phone numbers"))
        }
        if let damage = ExcelDamage.scientificOrFloat(text) { return .invalid(damage) }
        let parsed = PhoneNumberLibrary.parse(text, region: region)
        if case .parsed(_, _, true) = parsed {} else {
            for candidate in PhoneRewrites.candidates(text) {
                if case .parsed(let e164, let ext, true) = PhoneNumberLibrary.parse(candidate, region: region) {
                    return .normalized(ext.map { "\(e164) ext. \($0)" } ?? e164)
                }
            }
        }
        switch parsed {
        case .parsed(let e164, let ext, true):
            return .normalized(ext.map { "\(e164) ext. \($0)" } ?? e164)
        case .parsed(_, _, false):
            if let damage = ExcelDamage.lostPrefix(text, region: region) { return .invalid(damage) }
            return .invalid(Problem(code: "phone_invalid", message: "'\(text)' is not a valid phone number for region \(region)",
                                    fix: "check the number, or write it with its country code (+44 ...)"))
        case .unparseable(let error):
            if let damage = ExcelDamage.lostPrefix(text, region: region) { return .invalid(damage) }
            return .invalid(Problem(code: "phone_invalid", message: "'\(text)' is not a phone number: \(error.phrase)",
                                    fix: "check the number, or write it with its country code (+44 ...)"))
        }
    }
}
