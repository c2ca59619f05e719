import ListwashCore

/// What an answer to `POST /import/bulk_import` means for the batch.
public enum ImportReply: Sendable, Equatable {
    /// Queued under this batchId.
    case queued(batchId: String)
    /// 400 with failureReasons objects: (0-based contact index, reason). Nothing was queued.
    case validation([FailureReason])
    /// Rate limited (400 with string failureReasons, or 429). Nothing was queued.
    case rateLimited(message: String, retryAfter: Double?)
    /// The token was refused.
    case unauthorized(status: Int)
    /// 5xx: try again later.
    case transient(message: String, retryAfter: Double?)
    /// Any other refusal: the batch cannot be sent as it is.
    case refused(message: String)

    /// Reads an answer.
    public static func interpret(_ reply: HTTPReply) -> ImportReply {
        let json = try? JSONValue.parse(reply.body)  // nil: a body that is not JSON is reported by status below
        switch reply.status {
        case 200, 201, 202:
            if let id = json?["batchId"]?.text, !id.isEmpty, (json?["success"] ?? json?["Success"])?.intValue != 0 {
                return .queued(batchId: id)
            }
            return .refused(message: "HTTP \(reply.status) without a batchId: '\(reply.text)'")
        case 401, 403:
            return .unauthorized(status: reply.status)
        case 429:
            return .rateLimited(message: json?["message"]?.stringValue ?? "HTTP 429", retryAfter: reply.retryAfter)
        case 400:
            let message = json?["message"]?.stringValue ?? reply.text
            if let reasons = json?["failureReasons"]?.arrayValue, !reasons.isEmpty {
                if reasons.contains(where: { $0.stringValue != nil }) {
                    let text = reasons.compactMap(\.stringValue).joined(separator: " ")
                    return .rateLimited(message: "\(message) \(text)", retryAfter: reply.retryAfter)
                }
                let parsed = reasons.compactMap { r -> FailureReason? in
                    guard let i = r["contact"]?.intValue else { return nil }
                    return FailureReason(index: i, reason: r["failureReason"]?.text ?? "refused by validation")
                }
                if !parsed.isEmpty { return .validation(parsed) }
            }
            if message.lowercased().contains("rate limit") { return .rateLimited(message: message, retryAfter: reply.retryAfter) }
            return .refused(message: "HTTP 400: \(message)")
        case 500...599:
            return .transient(message: "HTTP \(reply.status)", retryAfter: reply.retryAfter)
        default:
            return .refused(message: "HTTP \(reply.status): '\(reply.text)'")
        }
    }
}

/// One entry of a 400's `failureReasons`.
public struct FailureReason: Sendable, Hashable {
    /// The contact's index as the server gave it (taken as 0-based, ac-bulk-import-api.md).
    public var index: Int
    public var reason: String

    public init(index: Int, reason: String) {
        self.index = index
        self.reason = reason
    }
}

/// What an answer to `GET /import/info` says.
public enum InfoReply: Sendable, Equatable {
    /// Not finished (`false`, waiting, claimed, active).
    case pending(status: String)
    /// Finished: `completed`, `failed` or `interrupted`, with created contact ids and failed emails.
    case finished(status: String, success: [String], failure: [String])
    case unauthorized(status: Int)
    case transient(message: String, retryAfter: Double?)
    case refused(message: String)

    public static func interpret(_ reply: HTTPReply) -> InfoReply {
        let json = try? JSONValue.parse(reply.body)  // nil: reported by status below
        switch reply.status {
        case 200:
            guard let json else { return .transient(message: "unreadable answer '\(reply.text)'", retryAfter: nil) }
            switch json["status"] {
            case .bool(false)?, .null?, nil: return .pending(status: "false")
            case .string(let s)?:
                let status = s.lowercased()
                if ["completed", "failed", "interrupted"].contains(status) {
                    return .finished(status: status,
                                     success: (json["success"]?.arrayValue ?? []).map(\.text),
                                     failure: (json["failure"]?.arrayValue ?? []).map(\.text))
                }
                return .pending(status: status)
            default: return .pending(status: json["status"]?.text ?? "false")
            }
        case 401, 403: return .unauthorized(status: reply.status)
        case 429: return .transient(message: "HTTP 429", retryAfter: reply.retryAfter)
        case 500...599: return .transient(message: "HTTP \(reply.status)", retryAfter: reply.retryAfter)
        default:
            if reply.status == 400, let text = json?["failureReasons"]?.arrayValue?.first?.stringValue {
                return .transient(message: text, retryAfter: reply.retryAfter)
            }
            return .refused(message: "HTTP \(reply.status): '\(reply.text)'")
        }
    }
}
