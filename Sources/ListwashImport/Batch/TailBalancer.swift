/// Balances the end of a run so that its last batch does not hold 10 or fewer contacts when the
/// batch before it can spare some (ActiveCampaign routes 10 or fewer contacts to the contacts
/// API and rate-limits single-contact requests harder).
///
/// Greedy packing fills every batch but the last, so only the last can be small, and only the
/// batch before it has contacts to give: the writer holds those two back until the end of the
/// stream, and this moves the fewest contacts (the previous batch's last ones, so order is kept)
/// that bring the last batch above 10 while the previous stays above 10 too, if they fit its
/// byte limit and bring no email in twice.
enum TailBalancer {
    /// What balancing did.
    enum Outcome: Equatable {
        /// The last batch already holds more than 10 contacts (or is the only one).
        case notNeeded
        /// `count` contacts moved from the previous batch into the last.
        case moved(count: Int)
        /// The last batch stays small; `reason` says why it cannot be avoided.
        case unavoidable(reason: String)
    }

    static func balance(previous: inout PendingBatch, last: inout PendingBatch, overhead: Int, maxContacts: Int, maxBytes: Int) -> Outcome {
        let floor = BatchSettings.smallBatchLimit + 1
        guard !previous.isEmpty, !last.isEmpty, last.count < floor else { return .notNeeded }
        if maxContacts < floor { return .unavoidable(reason: "max_contacts is \(maxContacts)") }
        let need = floor - last.count
        if previous.count - need < floor {
            return .unavoidable(reason: "the two last batches hold \(previous.count + last.count) contacts together and could not be one (a limit or a repeated email split them)")
        }
        let movedBytes = previous.tailSize(need)
        if overhead + last.body.count + movedBytes + 1 > maxBytes {
            return .unavoidable(reason: "\(need) more contacts would take the last batch over \(maxBytes) bytes")
        }
        if let clash = previous.keys.suffix(need).first(where: { last.contains(key: $0) }) {
            return .unavoidable(reason: "the email '\(clash)' would appear twice in the last batch")
        }
        last.prepend(previous.removeLast(need))
        return .moved(count: need)
    }
}
