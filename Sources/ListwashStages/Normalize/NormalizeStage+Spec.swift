import ListwashCore

extension NormalizeStage {
    /// Every setting of the stage, with its YAML path and flag (one definition for flags,
    /// pipeline files, the linter and `listwash stages explain normalize`).
    public static let spec = StageSpec(
        name: "normalize",
        summary: "Normalize emails, phones, names, tags, custom fields and dates.",
        settings: [
            SettingSpec("email.syntax", flag: "email-syntax", kind: .choice(["strict", "basic"]), default: "strict",
                        summary: "strict: RFC 5321/5322 as mail systems accept it, IDNA, special-use domains; basic: one '@', no whitespace, a dot inside the domain (the reference workload's regex)."),
            SettingSpec("email.special_use", flag: "special-use", kind: .choice(["reject", "allow"]), default: "reject",
                        summary: "What to do with special-use domains (localhost, .invalid, .test, .example, .local, .onion, .alt, .arpa)."),
            SettingSpec("email.fix_typos", flag: "fix-typos", kind: .boolean, default: "false",
                        summary: "Correct known provider typos (gmial.com → gmail.com) instead of only noting them."),
            SettingSpec("email.lowercase_local", flag: "lowercase-local", kind: .boolean, default: "true",
                        summary: "Lowercase the part before '@' too (ActiveCampaign compares addresses case-insensitively)."),
            SettingSpec("email.note_role_accounts", flag: "note-role-accounts", kind: .boolean, default: "true",
                        summary: "Note role accounts (info@, noreply@ ...; rules/role-accounts/standard.txt). Excluding them is the exclude stage's job."),
            SettingSpec("phone.mode", flag: "phone-mode", kind: .choice(["e164", "keep"]), default: "e164",
                        summary: "e164: parse with libphonenumber and write E.164; keep: pass the phone through exactly as written."),
            SettingSpec("phone.default_region", flag: "default-region", kind: .string, default: "US",
                        summary: "Region (ISO 3166 alpha-2) of numbers written without a country code."),
            SettingSpec("phone.invalid", flag: "invalid", kind: .choice(["note", "reject", "drop_value"]), default: "note",
                        summary: "What to do with a phone that is not valid: keep it with a note, reject the record, or remove the phone (with a note)."),
            SettingSpec("consent.opted_out", flag: "opted-out", kind: .choice(["reject", "keep"]), default: "reject",
                        summary: "A contact the export marks as unsubscribed or opted out (Mailchimp UNSUB_TIME or CLEAN_TIME, Shopify 'Accepts Email Marketing: no', Salesforce HasOptedOutOfEmail or 'Email Opt Out', HubSpot 'Unsubscribed from all email'): reject it (opted_out), or keep it with a note."),
            SettingSpec("names.case", flag: "name-case", kind: .choice(["keep", "title"]), default: "keep",
                        summary: "title: case all-lowercase or all-uppercase names (McDonald, O'Brien, van der Berg); names that mix case are left alone."),
            SettingSpec("names.collapse_spaces", flag: "collapse-spaces", kind: .boolean, default: "true",
                        summary: "Trim all whitespace and collapse inner runs to one space in names and company; false: trim only space and tab."),
            SettingSpec("names.split_full_name", flag: "split-full-name", kind: .boolean, default: "true",
                        summary: "Split a whole name (_full_name) into first and last name when both are empty."),
            SettingSpec("tags.separators", flag: "tag-separator", kind: .stringList, default: ";",
                        summary: "Separators tags are split on (repeat the flag for several)."),
            SettingSpec("tags.dedupe", flag: "tag-dedupe", kind: .boolean, default: "true",
                        summary: "Drop repeated tags, compared case-insensitively, keeping the first spelling."),
            .fileOnly("fields", kind: .structured,
                      summary: "Source column → ActiveCampaign custom field id: 'Birthday: 12', or '{id: 13, separator: \";\"}' / '{id: 13, multi: true}' for multi-value fields written ||a||b||."),
            SettingSpec("dates.date_order", flag: "date-order", kind: .choice(["mdy", "dmy", "ymd"]),
                        summary: "Day/month order of numeric dates; without it, dates that read both ways are noted, not converted."),
            SettingSpec("dates.fields", flag: "date-field", kind: .stringList,
                        summary: "Custom fields (source column names or field ids) holding dates, written YYYY-MM-DD. A two-digit year is read as at most one year after the current one (68 is 1968, not 2068), with a date_year_expanded note."),
            SettingSpec("explain", flag: "explain", kind: .boolean, default: "false",
                        summary: "Add _changes (field, before, after, rule) to each record for every modification."),
        ],
        example: """
        normalize:
          email: {syntax: strict, fix_typos: true}
          phone: {default_region: GB, invalid: note}
          names: {case: title}
          tags: {separators: [";", ","]}
          fields:
            Birthday: 12
            Interests: {id: 13, separator: ","}
          dates: {date_order: dmy, fields: [Birthday]}
        """)
}
