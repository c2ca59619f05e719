import ListwashCore

/// An answer the sandbox gives, before it becomes an HTTP response.
struct SandboxResponse: Sendable {
    var status: Int
    var body: JSONValue
    var headers: [(String, String)] = []
    /// Close the connection without an answer (fault injection).
    var drop = false

    static func json(_ status: Int, _ body: JSONValue, headers: [(String, String)] = []) -> SandboxResponse {
        SandboxResponse(status: status, body: body, headers: headers)
    }

    static func message(_ status: Int, _ text: String, headers: [(String, String)] = []) -> SandboxResponse {
        .json(status, .object([("message", .string(text))]), headers: headers)
    }

    static let dropped = SandboxResponse(status: 0, body: .null, drop: true)

    /// The 400 the importer gives when a request is not queued.
    static func notQueued(_ message: String, reasons: [JSONValue]? = nil) -> SandboxResponse {
        var m: [(String, JSONValue)] = [("success", .number("0")), ("message", .string(message))]
        if let reasons { m.append(("failureReasons", .array(reasons))) }
        return .json(400, .object(m))
    }
}

