import Foundation
import Hummingbird
import ListwashCore

/// The contacts-API endpoints the small-import route uses: `/contact/sync`, `/contacts?ids=`,
/// `/tags`, `/contactTags`, `/contactLists`.
enum ContactRoutes {
    static func register(on router: Router<BasicRequestContext>, state: SandboxState) {
        let config = state.configuration
        router.post("api/3/contact/sync") { request, _ in
            try await SandboxRoutes.api(request, state, config) { body in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                guard let c = (try? JSONValue.parse(body))?["contact"] else {  // nil: answered 422 like the API
                    return (unprocessable("Contact is required"), nil)
                }
                let email = c["email"]?.stringValue ?? ""
                guard BulkImportValidator.isValidEmail(email) else { return (unprocessable("Email address is not valid."), 1) }
                var x = ContactStore.Incoming(email: email)
                x.firstName = c["firstName"]?.stringValue
                x.lastName = c["lastName"]?.stringValue
                x.phone = c["phone"]?.stringValue
                x.fields = (c["fieldValues"]?.arrayValue ?? []).compactMap { f in f["field"].map { ($0.text, f["value"]?.text ?? "") } }
                let r = try state.store.write { db in try state.store.upsert(x, in: db) }
                return (.json(r.created ? 201 : 200, .object([("contact", .object([("id", .string(String(r.id))), ("email", .string(email.lowercased()))]))])), 1)
            }
        }
        router.get("api/3/contacts") { request, _ in
            try await SandboxRoutes.api(request, state, config) { _ in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                let ids = (request.uri.queryParameters.get("ids") ?? "").split(separator: ",").compactMap { Int64($0) }
                let contacts = try state.store.all(ids: ids).map { c in
                    JSONValue.object([("id", c["id"] ?? .null), ("email", c["email"] ?? .null)])
                }
                return (.json(200, .object([("contacts", .array(contacts))])), nil)
            }
        }
        router.get("api/3/tags") { request, _ in
            try await SandboxRoutes.api(request, state, config) { _ in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                let search = request.uri.queryParameters.get("search") ?? ""
                let found = try state.store.tag(named: search, create: false)
                let tags: [JSONValue] = found.map { [.object([("id", .string(String($0.id))), ("tag", .string($0.name))])] } ?? []
                return (.json(200, .object([("tags", .array(tags))])), nil)
            }
        }
        router.post("api/3/tags") { request, _ in
            try await SandboxRoutes.api(request, state, config) { body in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                guard let name = (try? JSONValue.parse(body))?["tag"]?["tag"]?.stringValue, !name.isEmpty else {  // nil: 422
                    return (unprocessable("Tag name is required"), nil)
                }
                guard let t = try state.store.tag(named: name, create: true) else { return (unprocessable("Tag could not be created"), nil) }
                return (.json(201, .object([("tag", .object([("id", .string(String(t.id))), ("tag", .string(t.name))]))])), nil)
            }
        }
        router.post("api/3/contactTags") { request, _ in
            try await SandboxRoutes.api(request, state, config) { body in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                let ct = (try? JSONValue.parse(body))?["contactTag"]  // nil: 422
                guard let contact = ct?["contact"]?.intValue, let tag = ct?["tag"]?.intValue,
                      let name = try state.store.tagName(id: Int64(tag)), try state.store.addTag(contact: Int64(contact), tag: name) else {
                    return (unprocessable("Contact or tag not found"), nil)
                }
                return (.json(201, .object([("contactTag", .object([("contact", .string(String(contact))), ("tag", .string(String(tag)))]))])), nil)
            }
        }
        router.post("api/3/contactLists") { request, _ in
            try await SandboxRoutes.api(request, state, config) { body in
                if let refusal = await state.gate(importContacts: nil) { return (refusal, nil) }
                let cl = (try? JSONValue.parse(body))?["contactList"]  // nil: 422
                guard let contact = cl?["contact"]?.intValue, let list = cl?["list"]?.text,
                      try state.store.setList(contact: Int64(contact), list: list, status: cl?["status"]?.intValue ?? 1) else {
                    return (unprocessable("Contact not found"), nil)
                }
                return (.json(200, .object([("contactList", .object([("contact", .string(String(contact))), ("list", .string(list))]))])), nil)
            }
        }
    }

    static func unprocessable(_ title: String) -> SandboxResponse {
        .json(422, .object([("errors", .array([.object([("title", .string(title)), ("detail", .string("")), ("code", .string("field_invalid"))])]))]))
    }
}
