/// A contact property that a source column can be mapped to (the targets of a mapping preset
/// and of `--column NAME=SOURCE`).
public enum MappingTarget: Hashable, Sendable, CustomStringConvertible {
    case email, firstName, lastName, phone, customerAcctName, tags
    /// A whole name (`record.fullName`, JSON `_full_name`); normalize splits it.
    case fullName
    /// An ActiveCampaign custom field, by id (`field:12`).
    case field(String)

    /// The single-valued targets in the order presets list them.
    public static let standard: [MappingTarget] = [.email, .firstName, .lastName, .fullName, .phone, .customerAcctName, .tags]

    /// Parses a target name: `email`, `first_name`, `last_name`, `full_name`, `phone`,
    /// `customer_acct_name` (or `company`), `tags`, `field:<id>`.
    public init?(name: String) {
        switch name.lowercased() {
        case "email": self = .email
        case "first_name": self = .firstName
        case "last_name": self = .lastName
        case "full_name", "name": self = .fullName
        case "phone": self = .phone
        case "customer_acct_name", "company": self = .customerAcctName
        case "tags": self = .tags
        default:
            guard name.hasPrefix("field:"), name.count > 6 else { return nil }
            self = .field(String(name.dropFirst(6)))
        }
    }

    public var description: String {
        switch self {
        case .email: return "email"
        case .firstName: return "first_name"
        case .lastName: return "last_name"
        case .fullName: return "full_name"
        case .phone: return "phone"
        case .customerAcctName: return "customer_acct_name"
        case .tags: return "tags"
        case .field(let id): return "field:\(id)"
        }
    }

    /// The names accepted by ``init(name:)``, for messages.
    public static let knownNames = "email, first_name, last_name, full_name, phone, customer_acct_name, tags, field:<id>"
}
