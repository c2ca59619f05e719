import ListwashCore

/// What an exclusion entry matches, and the reject code of a contact it drops.
public enum ExclusionKind: String, CaseIterable, Sendable {
    /// The whole address (`jane@example.com`).
    case exact
    /// The address begins with the entry (ActiveCampaign's "begins with").
    case prefix
    /// The address ends with the entry (ActiveCampaign's "ends with").
    case suffix
    /// The address's domain (`@example.com`, `domain:example.com`), and its subdomains when asked.
    case domain
    /// SHA-256 of the normalized address, in hex.
    case sha256
    /// MD5 of the normalized address, in hex.
    case md5
    /// A role-account local part (`info`, `noreply`), from a preset.
    case role
    /// A disposable-mail domain, and its subdomains, unless allowed.
    case disposable

    /// The code of a contact dropped by an entry of this kind.
    public var rejectCode: RejectCode {
        switch self {
        case .exact: return .excludedExact
        case .prefix: return .excludedPrefix
        case .suffix: return .excludedSuffix
        case .domain: return .excludedDomain
        case .sha256, .md5: return .excludedHashed
        case .role: return .roleAccount
        case .disposable: return .disposableDomain
        }
    }

    /// The kind named by a line prefix or a CSV match-type value (`begins-with`, `ends with`).
    init?(prefixName name: String) {
        switch name {
        case "exact", "is", "email", "address": self = .exact
        case "prefix", "begins-with", "begins with", "beginswith", "starts-with", "starts with": self = .prefix
        case "suffix", "ends-with", "ends with", "endswith": self = .suffix
        case "domain": self = .domain
        case "sha256": self = .sha256
        case "md5": self = .md5
        case "role": self = .role
        case "disposable": self = .disposable
        default: return nil
        }
    }
}

/// Where an exclusion entry was written and which lists it covers, packed into 8 bytes so that
/// ten million entries fit in a few hundred megabytes: line (32 bits), file number (16 bits),
/// scope number (14 bits; 0 = all lists) and two flags.
struct ExclusionRef: Equatable {
    var line: UInt32
    var source: UInt16
    var bits: UInt16

    static let subdomainFlag: UInt16 = 1 << 15
    static let chainedFlag: UInt16 = 1 << 14
    static let scopeMask: UInt16 = (1 << 14) - 1
    static let maxScopes = Int(scopeMask)
    static let none = ExclusionRef(line: 0, source: 0, bits: 0)

    init(line: UInt32, source: UInt16, bits: UInt16) {
        self.line = line
        self.source = source
        self.bits = bits
    }

    init(line: Int, source: Int, scope: Int, subdomains: Bool = false) {
        self.line = UInt32(clamping: line)
        self.source = UInt16(clamping: source)
        bits = UInt16(clamping: scope) & Self.scopeMask | (subdomains ? Self.subdomainFlag : 0)
    }

    var scope: Int { Int(bits & Self.scopeMask) }
    var isAllLists: Bool { scope == 0 }
    var matchesSubdomains: Bool { bits & Self.subdomainFlag != 0 }
    var isChained: Bool { bits & Self.chainedFlag != 0 }
}
