/// Groups an address book puts every contact in by itself (Google's "My Contacts", "Starred"):
/// membership markers, not labels a person chose, so not tags to send to ActiveCampaign.
///
/// A preset names them (`system_tags:` in `rules/mappings/`): a tag written with the
/// exporter's `marker` (Google CSV's `* `) is a system group; it is dropped when its name is in
/// `drop` (compared as ``HeaderName/key(_:)``: `* My Contacts` and `* myContacts` are one), else
/// kept without the marker (`* friends` → `friends`). Tags without the marker are the user's
/// and stay as written, even one called `starred`.
///
/// Google's vCards list the same groups in `CATEGORIES` without a marker (`myContacts,starred`);
/// ``googleVCard`` drops them from a card that is in `myContacts`, the group only Google writes.
public struct SystemTags: Sendable {
    public var marker: String
    /// Comparison keys of the system groups dropped.
    public var drop: Set<String>

    public init(marker: String, drop: [String]) {
        self.marker = marker
        self.drop = Set(drop.map(HeaderName.key))
    }

    /// Google's system groups in its vCard export.
    static let googleVCard = SystemTags(marker: "", drop: ["myContacts", "starred", "chatBuddies", "all", "blocked"])

    /// `tags` without the dropped system groups and with the marker removed from the others;
    /// `dropped` counts the tags left out.
    public func apply(_ tags: [String], dropped: inout Int) -> [String] {
        guard tags.contains(where: { isMarked($0) }) else { return tags }
        var out: [String] = []
        out.reserveCapacity(tags.count)
        for t in tags {
            guard isMarked(t) else { out.append(t); continue }
            let name = String(t.dropFirst(marker.count))
            if drop.contains(HeaderName.key(name)) { dropped += 1 } else if !name.isEmpty { out.append(name) }
        }
        return out
    }

    /// Google vCard categories: the system groups dropped when the card is in `myContacts`.
    func applyToGoogleCard(_ tags: [String], dropped: inout Int) -> [String] {
        guard tags.contains("myContacts") else { return tags }
        let before = tags.count
        let out = tags.filter { !drop.contains(HeaderName.key($0)) }
        dropped += before - out.count
        return out
    }

    private func isMarked(_ t: String) -> Bool { t.hasPrefix(marker) }
}
