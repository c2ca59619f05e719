import Foundation
import HTTPTypes
import Hummingbird
import ListwashCore

/// The sandbox's endpoints: the bulk-import API of ac-bulk-import-api.md under `/api/3`, the
/// few contacts-API endpoints the small-import route uses, and `/_sandbox/...` for tests.
enum SandboxRoutes {
    static let maxBody = 4 << 20

    static func register(on router: Router<BasicRequestContext>, state: SandboxState) {
        let config = state.configuration

        router.post("api/3/import/bulk_import") { request, _ in
            try await api(request, state, config) { body in
                let count = (try? JSONValue.parse(body))?["contacts"]?.arrayValue?.count  // nil: validated below
                if let refusal = await state.gate(importContacts: count ?? 2) { return (refusal, count) }
                switch BulkImportValidator.validate(body, indexBase: config.failureIndexBase) {
                case .refused(let r): return (r, count)
                case let .valid(request, contacts):
                    let id = await state.queue(contacts: contacts, callback: request["callback"])
                    let step = config.statusStep
                    Task {
                        try? await Task.sleep(nanoseconds: UInt64(step * 4 * 1e9))  // cancelled only at shutdown
                        let done: SandboxImport?
                        do { done = try await state.process(id) } catch {
                            // The importer's terminal 'failed': the contacts database refused the write.
                            done = await state.fail(id, reason: "\(error)")
                        }
                        if let done, let cb = done.callback { await CallbackSender.send(cb, for: done, state: state) }
                    }
                    return (.json(200, .object([("success", .number("1")), ("queued_contacts", .number(String(contacts.count))),
                                                ("batchId", .string(id)), ("message", .string("Contact import queued"))])), contacts.count)
                }
            }
        }
        router.get("api/3/import/bulk_import") { request, _ in
            try await api(request, state, config) { _ in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                return (.json(200, await state.overview()), nil)
            }
        }
        router.get("api/3/import/info") { request, _ in
            try await api(request, state, config) { _ in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                guard let id = request.uri.queryParameters.get("batchId"), !id.isEmpty else {
                    return (.notQueued("'batchId' is a required field."), nil)
                }
                guard let info = await state.info(id) else { return (.message(404, "No import found for batchId '\(id)'"), nil) }
                return (.json(200, info), nil)
            }
        }
        ContactRoutes.register(on: router, state: state)

        router.get("_sandbox/contacts") { _, _ in respond(.json(200, try await state.contactsJSON())) }
        router.get("_sandbox/requests") { _, _ in respond(.json(200, await state.requestsJSON())) }
        router.get("_sandbox/imports") { _, _ in respond(.json(200, await state.importsJSON())) }
        router.get("_sandbox/callbacks") { _, _ in respond(.json(200, await state.callbacksJSON())) }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("_sandbox/callback-sink", method: method) { request, _ in
                let body = try await request.body.collect(upTo: maxBody)
                var m: [(String, JSONValue)] = [("method", .string(request.method.rawValue)), ("uri", .string(request.uri.description))]
                var headers: [(String, JSONValue)] = []
                for f in request.headers where f.name.canonicalName.hasPrefix("x-") { headers.append((f.name.canonicalName, .string(f.value))) }
                m.append(("headers", .object(headers)))
                if body.readableBytes > 0, let v = try? JSONValue.parse(Array(buffer: body)) { m.append(("body", v)) }  // nil: a non-JSON body is not kept
                await state.receivedCallback(.object(m))
                return respond(.json(200, .object([("ok", .bool(true))])))
            }
        }
    }

    /// Runs an `/api/3` handler: token check, latency, then `work` on the body; logs the answer.
    static func api(_ request: Request, _ state: SandboxState, _ config: SandboxConfiguration,
                    _ work: @Sendable ([UInt8]) async throws -> (SandboxResponse, Int?)) async throws -> Response {
        let at = await state.now()
        let path = request.uri.path
        let method = request.method.rawValue
        guard request.headers[HTTPField.Name("Api-Token")!] == config.token else {
            await state.record(method: method, path: path, status: 403, at: at)
            return respond(.message(403, "No Result found for Subscriber with id 0"))
        }
        let body = Array(buffer: try await request.body.collect(upTo: maxBody))
        let delay = await state.latency()
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        let (answer, contacts) = try await work(body)
        var batchId: String?
        if case .string(let id)? = answer.body["batchId"] { batchId = id }
        await state.record(method: method, path: path, status: answer.drop ? 0 : answer.status, at: at, contacts: contacts, batchId: batchId)
        return respond(answer)
    }

    struct Dropped: Error {}

    static func respond(_ r: SandboxResponse) -> Response {
        if r.drop {
            // Promises a body, then fails while writing it: the server closes the connection.
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "64"],
                            body: ResponseBody(contentLength: 64) { _ in throw Dropped() })
        }
        var w = JSONWriter()
        r.body.write(to: &w)
        var headers: HTTPFields = [.contentType: "application/json"]
        for (k, v) in r.headers { if let name = HTTPField.Name(k) { headers[name] = v } }
        return Response(status: HTTPResponse.Status(code: r.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: w.bytes)))
    }
}
