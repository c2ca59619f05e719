import ListwashImport
import Testing

/// How answers of the bulk-import API are read (ac-bulk-import-api.md).
struct APIRepliesTests {
    func reply(_ status: Int, _ body: String, retryAfter: Double? = nil) -> HTTPReply {
        HTTPReply(status: status, body: Array(body.utf8), retryAfter: retryAfter)
    }

    @Test(arguments: ["success", "Success"])
    func queuedAnswerGivesTheBatchIdWhicheverSpelling(_ key: String) {
        let r = ImportReply.interpret(reply(200, #"{"\#(key)":1,"queued_contacts":250,"batchId":"0641fbdd","message":"Contact import queued"}"#))
        #expect(r == .queued(batchId: "0641fbdd"))
    }

    @Test func validationFailureReasonsAreObjectsWithIndexes() {
        let r = ImportReply.interpret(reply(400, #"{"success":0,"message":"JSON payload did not pass validation.","failureReasons":[{"contact":230,"failureReason":"Field 'email' incorrect format"}]}"#))
        #expect(r == .validation([FailureReason(index: 230, reason: "Field 'email' incorrect format")]))
    }

    @Test func stringFailureReasonsAreARateLimitNotAValidationFailure() {
        let r = ImportReply.interpret(reply(400, #"{"success":0,"message":"Rate limit exceeded.","failureReasons":["Up to 100 imports may be requested per minute."]}"#))
        guard case .rateLimited(let message, nil) = r else { Issue.record("got \(r)"); return }
        #expect(message.contains("Up to 100 imports"))
    }

    @Test func a429CarriesRetryAfter() {
        #expect(ImportReply.interpret(reply(429, "{}", retryAfter: 3)) == .rateLimited(message: "HTTP 429", retryAfter: 3))
    }

    @Test func serverErrorsAreTransientAndTokenRefusalsStopTheRun() {
        #expect(ImportReply.interpret(reply(503, "oops")) == .transient(message: "HTTP 503", retryAfter: nil))
        #expect(ImportReply.interpret(reply(403, "{}")) == .unauthorized(status: 403))
        #expect(ImportReply.interpret(reply(400, #"{"success":0,"message":"too big"}"#)) == .refused(message: "HTTP 400: too big"))
    }

    @Test func infoFalseMeansNotYet() {
        #expect(InfoReply.interpret(reply(200, #"{"status":false}"#)) == .pending(status: "false"))
        #expect(InfoReply.interpret(reply(200, #"{"status":"claimed"}"#)) == .pending(status: "claimed"))
    }

    @Test(arguments: ["completed", "failed", "interrupted"])
    func terminalStatusesCarryOutcomes(_ status: String) {
        let r = InfoReply.interpret(reply(200, #"{"status":"\#(status)","success":["123","124"],"failure":["x@y.z"]}"#))
        #expect(r == .finished(status: status, success: ["123", "124"], failure: ["x@y.z"]))
    }

    @Test func emailSyntaxIsTheImportersCoarseRule() {
        #expect(EmailSyntax.isValid("jane@example.com"))
        #expect(!EmailSyntax.isValid("jane@@example.com"))
        #expect(!EmailSyntax.isValid("jane@example"))
        #expect(!EmailSyntax.isValid("ja ne@example.com"))
        #expect(!EmailSyntax.isValid(""))
    }
}
