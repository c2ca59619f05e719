/// A stable snake_case reason code (DESIGN §2 "Reject codes"). Codes are API: keep an alias in
/// ``RejectCode/aliases`` when renaming one. The registry with meanings is ``RejectCode/registry``,
/// printed by `listwash codes`.
public struct RejectCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = RejectCode.aliases[rawValue] ?? rawValue }
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public var description: String { rawValue }
    public static func < (a: RejectCode, b: RejectCode) -> Bool { a.rawValue < b.rawValue }

    /// Whether the code is in the registry.
    public var isKnown: Bool { RejectCode.registry.contains { $0.code == self } }

    // Parsing
    public static let rowMalformed = RejectCode("row_malformed")
    public static let encodingInvalid = RejectCode("encoding_invalid")
    public static let recordEmpty = RejectCode("record_empty")
    public static let vcardMalformed = RejectCode("vcard_malformed")
    public static let vcardGroup = RejectCode("vcard_group")
    public static let xmlMalformed = RejectCode("xml_malformed")
    public static let inputPartial = RejectCode("input_partial")
    // Normalizing
    public static let emailMissing = RejectCode("email_missing")
    public static let emailInvalid = RejectCode("email_invalid")
    public static let emailTooLong = RejectCode("email_too_long")
    public static let emailSpecialUse = RejectCode("email_special_use")
    public static let phoneInvalid = RejectCode("phone_invalid")
    public static let optedOut = RejectCode("opted_out")
    // Dedupe and exclude
    public static let duplicateMerged = RejectCode("duplicate_merged")
    public static let excludedExact = RejectCode("excluded_exact")
    public static let excludedPrefix = RejectCode("excluded_prefix")
    public static let excludedSuffix = RejectCode("excluded_suffix")
    public static let excludedDomain = RejectCode("excluded_domain")
    public static let excludedHashed = RejectCode("excluded_hashed")
    public static let roleAccount = RejectCode("role_account")
    public static let disposableDomain = RejectCode("disposable_domain")
    // Batching and submitting
    public static let contactTooLarge = RejectCode("contact_too_large")
    public static let fieldIDInvalid = RejectCode("field_id_invalid")
    public static let acValidationFailed = RejectCode("ac_validation_failed")
    public static let acImportFailed = RejectCode("ac_import_failed")

    /// Old names that still parse, mapped to the current code.
    public static let aliases: [String: String] = [:]

    /// Every code with its one-line meaning, in the order `listwash codes` prints them.
    public static let registry: [(code: RejectCode, meaning: String)] = [
        (.rowMalformed, "the row could not be read: unterminated quote, wrong number of fields, or a broken line"),
        (.encodingInvalid, "the record's bytes are not valid in the file's encoding"),
        (.recordEmpty, "the record has no values at all"),
        (.vcardMalformed, "the vCard is broken: no END:VCARD, or a property line that cannot be parsed"),
        (.vcardGroup, "the vCard is a group (KIND:group, or Apple's X-ADDRESSBOOKSERVER-KIND:group): a list of other cards, not a contact"),
        (.xmlMalformed, "the XML record is not well-formed, or the document stops inside it at an element past listwash's bounds (more than 1,000 attributes, or a start tag over 1 MiB)"),
        (.inputPartial, "not a record: it stands for the unread rest of an input that `parse` could not read past a point (a broken XML document), or of a pipe whose writer stopped mid-line (a stage command cut off); the records after it, if any, are in no batch, and `submit` refuses the folder without --allow-partial"),
        (.emailMissing, "the record has no email address"),
        (.emailInvalid, "the email address is not valid as mail systems accept it"),
        (.emailTooLong, "the email address is longer than 254 characters, or its local part longer than 64"),
        (.emailSpecialUse, "the email's domain is special-use (localhost, .invalid, .test, .example, .local) and never receives mail"),
        (.phoneInvalid, "the phone number is not valid and the phone setting 'invalid' is 'reject'"),
        (.optedOut, "the export marks the contact as unsubscribed or opted out of email (Mailchimp UNSUB_TIME or CLEAN_TIME, Shopify 'Accepts Email Marketing: no', a Salesforce or HubSpot opt-out column); normalize's 'consent.opted_out: keep' imports it anyway, with a note"),
        (.duplicateMerged, "a duplicate folded into an earlier (or, by merge policy, later) record, named in 'into'"),
        (.excludedExact, "the email matches an exact-address exclusion entry"),
        (.excludedPrefix, "the email begins with a begins-with exclusion entry"),
        (.excludedSuffix, "the email ends with an ends-with exclusion entry"),
        (.excludedDomain, "the email's domain is excluded"),
        (.excludedHashed, "the email's sha256/md5 hash is on a hashed suppression list"),
        (.roleAccount, "the email is a role account (info@, admin@, noreply@ ...) excluded by a role-account preset"),
        (.disposableDomain, "the email's domain is on the disposable-domain list"),
        (.contactTooLarge, "the contact alone serializes to more than the 399,999-byte request limit"),
        (.fieldIDInvalid, "a custom field reached the batch writer named by something other than a numeric ActiveCampaign field id"),
        (.acValidationFailed, "ActiveCampaign refused the contact when the batch was sent (failureReasons)"),
        (.acImportFailed, "ActiveCampaign reported the contact as failed after importing the batch"),
    ]
}
