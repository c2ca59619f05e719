import ListwashCore

/// The columns in which exporters record that a contact unsubscribed or opted out of email.
///
/// A Mailchimp "unsubscribed" or "cleaned" export, a Shopify customer who does not accept
/// marketing, a Salesforce or HubSpot contact who opted out: read as plain contacts they were
/// imported (and subscribed to the run's lists) as if they had consented. The presets leave these
/// columns unmapped, so they reach normalize in `_extra` under the exporter's own names.
enum OptOutMarkers {
    /// Columns whose non-empty value is the time the contact left (Mailchimp).
    static let timeColumns: Set<String> = ["unsub_time", "clean_time"]
    /// Columns that say yes when the contact opted out (Salesforce, HubSpot, hand-made sheets).
    static let optedOutColumns: Set<String> = [
        "hasoptedoutofemail", "email opt out", "email opt-out", "emailoptout", "opted out", "opted_out",
        "unsubscribed from all email", "unsubscribed", "do not email", "donotemail",
    ]
    /// Columns that say no when the contact does not accept email marketing (Shopify).
    static let consentColumns: Set<String> = ["accepts email marketing", "accepts marketing", "email marketing consent"]

    static let yes: Set<String> = ["true", "yes", "y", "1", "x"]
    static let no: Set<String> = ["false", "no", "n", "0", "not_subscribed", "unsubscribed"]

    /// Why `marker` leaves the contact out, for the reject or note: a Mailchimp "cleaned"
    /// address bounced (the contact did not opt out); the others opted out.
    static func reason(for marker: KeyValue) -> String {
        let shown = "('\(marker.key)': '\(marker.value)')"
        if CaseFolding.lowercase(Whitespace.trimSpaces(marker.key)) == "clean_time" {
            return "the export marks the address as cleaned: Mailchimp stopped sending to it after it bounced \(shown)"
        }
        return "the export marks the contact as opted out of email \(shown)"
    }

    /// The first `_extra` value that marks the contact as opted out, if any.
    static func marker(in extra: [KeyValue]) -> KeyValue? {
        for kv in extra {
            let key = CaseFolding.lowercase(Whitespace.trimSpaces(kv.key))
            let value = CaseFolding.lowercase(Whitespace.trimSpaces(kv.value))
            if value.isEmpty { continue }
            if timeColumns.contains(key) || (optedOutColumns.contains(key) && yes.contains(value))
                || (consentColumns.contains(key) && no.contains(value)) {
                return kv
            }
        }
        return nil
    }
}
