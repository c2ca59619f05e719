import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ListwashCore

/// Calls an import's `callback` when it completes: GET with `params` in the query string, or
/// POST with them in a JSON body; `headers` added; with `detailed_results: "true"` (POST only)
/// the body also carries the counts and the per-contact failures.
enum CallbackSender {
    static func send(_ callback: JSONValue, for i: SandboxImport, state: SandboxState) async {
        guard let urlText = callback["url"]?.stringValue, var components = URLComponents(string: urlText) else { return }
        let method = (callback["requestType"]?.stringValue ?? "POST").uppercased()
        let params = (callback["params"]?.arrayValue ?? []).compactMap { p -> (String, String)? in
            guard let k = p["key"]?.stringValue else { return nil }
            return (k, p["value"]?.text ?? "")
        }
        var body: [UInt8]?
        if method == "GET" {
            components.queryItems = (components.queryItems ?? []) + params.map { URLQueryItem(name: $0.0, value: $0.1) }
        } else {
            var m: [(String, JSONValue)] = params.map { ($0.0, .string($0.1)) }
            m.append(("batchId", .string(i.batchId)))
            m.append(("status", .string(i.finalStatus ?? "completed")))
            if callback["detailed_results"]?.text == "true" {
                m.append(("contacts", .number(String(i.contacts.count))))
                m.append(("created", .number(String(i.success.count))))
                m.append(("updated", .number(String(i.updated))))
                m.append(("failed", .number(String(i.failure.count))))
                m.append(("failures", .array(i.failure.map { .object([("email", .string($0)), ("reason", .string("excluded"))]) })))
            }
            var w = JSONWriter()
            JSONValue.object(m).write(to: &w)
            body = w.bytes
        }
        guard let url = components.url else { return }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 10
        for h in callback["headers"]?.arrayValue ?? [] {
            if let k = h["key"]?.stringValue { request.setValue(h["value"]?.text ?? "", forHTTPHeaderField: k) }
        }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
        }
        var result: [(String, JSONValue)] = [("batchId", .string(i.batchId)), ("url", .string(url.absoluteString)), ("method", .string(method))]
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            result.append(("status", .number(String((response as? HTTPURLResponse)?.statusCode ?? 0))))
        } catch {
            result.append(("error", .string(error.localizedDescription)))
        }
        await state.sentCallback(.object(result))
    }
}
