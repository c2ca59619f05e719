import Crypto
import Foundation
import ListwashCore

/// One request file of a batch folder, read for sending.
///
/// The batch writer's folder holds (the contract submit reads; it does not use the writer's types):
/// - `batch-00001.json` …: each the exact body of one `POST /import/bulk_import` request,
///   `{"contacts":[...], "exclude_automations"?, "callback"?}`. Submit sends these bytes unchanged.
/// - `batch-00001.src.jsonl` …: **one line per contact of that batch, in the same order**, each a
///   JSON object holding the contact's provenance as `{"_src":{"file":"crm.csv","record":17,"line":18}}`
///   (a bare `{"file":..,"record":..,"line":..}` is accepted too). Submit maps `failureReasons`
///   indexes and `/import/info` failures back to `file:line` through it. When it is missing,
///   rejects name the batch file and the contact's position in it instead.
/// - `manifest.json`: written last by the batch writer, so a folder without one is a batch run
///   that did not finish, and is refused. Its `files` must be exactly the folder's request files
///   and their `sha256` must match (a changed, missing or extra file is refused rather than sent:
///   a missing one would lose its contacts silently); so must each source map's
///   `source_map_sha256`, where the manifest has one (a changed map would tie the API's answers
///   to the wrong records).
/// - `rejects.jsonl`: the writer's own rejects; submit never rewrites it.
public struct BatchFile: Sendable {
    /// File name inside the folder (`batch-00001.json`).
    public var name: String
    /// The request body exactly as stored.
    public var body: [UInt8]
    /// Lowercase hex sha256 of `body`: the batch's identity in the ledger.
    public var sha256: String
    /// The parsed request (an object with `contacts`).
    public var request: JSONValue
    /// The contacts as parsed, in order.
    public var contacts: [JSONValue]
    /// Provenance per contact, parallel to `contacts` (nil where the source map has none).
    public var sources: [Provenance?]

    /// The contact's email (as sent) at `index`, or '' when it has none.
    public func email(at index: Int) -> String {
        contacts[index]["email"]?.stringValue ?? ""
    }

    /// `file:line` of the contact at `index`, or `batch-00001.json#3` without a source map.
    public func origin(of index: Int) -> String {
        if let s = sources[index] { return s.description }
        return "\(name)#\(index + 1)"
    }

    /// What the contacts-API route (`POST /contact/sync`, for 10 or fewer contacts) cannot carry,
    /// by name: a company (`customer_acct_name`), `exclude_automations`, a callback. Empty when
    /// that route sends the batch whole.
    public var onlyBulkImportCarries: [String] {
        var out: [String] = []
        if contacts.contains(where: { !($0["customer_acct_name"]?.stringValue ?? "").isEmpty }) { out.append("customer_acct_name") }
        if request["exclude_automations"] == .bool(true) || contacts.contains(where: { $0["exclude_automations"] == .bool(true) }) {
            out.append("exclude_automations")
        }
        if request["callback"] != nil { out.append("callback") }
        return out
    }

    /// The body without the contacts at `removed`: a new request with the same settings.
    public func body(removing removed: Set<Int>) -> [UInt8] {
        guard !removed.isEmpty, case .object(var members) = request else { return body }
        let kept = contacts.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        if let i = members.firstIndex(where: { $0.0 == "contacts" }) { members[i].1 = .array(kept) }
        var w = JSONWriter(capacity: body.count)
        JSONValue.object(members).write(to: &w)
        return w.bytes
    }
}

/// Reads a batch folder written by `listwash batch` (see ``BatchFile`` for the files it expects).
public enum BatchFolder {
    /// What the contacts-API route cannot carry in any of `files` (``BatchFile/onlyBulkImportCarries``),
    /// sorted: when not empty, `submit` sends them in bulk however few their contacts.
    public static func onlyBulkImportCarries(_ files: [BatchFile]) -> [String] {
        Set(files.flatMap(\.onlyBulkImportCarries)).sorted()
    }

    /// Every `batch-*.json` file of `directory`, sorted by name.
    public static func read(_ directory: String) throws(SubmitError) -> [BatchFile] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .folder(path: directory, message: "not a batch folder (no such directory)")
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: directory) } catch {
            throw .folder(path: directory, message: "cannot list: \(error.localizedDescription)")
        }
        let batchNames = names.filter { $0.hasPrefix("batch-") && $0.hasSuffix(".json") }.sorted()
        guard !batchNames.isEmpty else {
            throw .folder(path: directory, message: "holds no batch-*.json files; run 'listwash batch -o \(directory)' first")
        }
        let manifest = try readManifest(directory)
        if let missing = manifest.keys.sorted().first(where: { !batchNames.contains($0) }) {
            throw .folder(path: directory + "/" + missing,
                          message: "is listed in manifest.json but missing: its contacts would not be sent; run 'listwash batch -o \(directory)' again")
        }
        var files: [BatchFile] = []
        for name in batchNames {
            guard let listed = manifest[name] else {
                throw .folder(path: directory + "/" + name,
                              message: "is not listed in manifest.json: it was not written by the batch run the manifest describes; remove it or run 'listwash batch -o \(directory)' again")
            }
            let file = try readBatch(directory, name, sourceMapSHA256: listed.sourceMapSHA256)
            if listed.sha256 != file.sha256 {
                throw .folder(path: directory + "/" + name,
                              message: "sha256 differs from manifest.json ('\(listed.sha256.prefix(12))…'); the file changed after 'listwash batch' wrote it, and what was checked is no longer what would be sent\n  fix: change the input or the settings, not a request file, and make the batches again ('listwash run PIPELINE' or 'listwash batch -o \(directory)')")
            }
            files.append(file)
        }
        return files
    }

    /// Reads one request file and its source map; `sourceMapSHA256` is the map's hash as
    /// `manifest.json` lists it (nil for a folder written before maps were hashed).
    static func readBatch(_ directory: String, _ name: String, sourceMapSHA256: String? = nil) throws(SubmitError) -> BatchFile {
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else { throw .folder(path: path, message: "cannot read") }
        let body = [UInt8](data)
        let json: JSONValue
        do { json = try JSONValue.parse(body) } catch {
            throw .folder(path: path, message: "not a bulk-import request: \(error)")
        }
        guard let contacts = json["contacts"]?.arrayValue else {
            throw .folder(path: path, message: "not a bulk-import request: no 'contacts' array")
        }
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let stem = String(name.dropLast(".json".count))
        let sources = try readSources(directory + "/" + stem + ".src.jsonl", count: contacts.count, sha256: sourceMapSHA256)
        return BatchFile(name: name, body: body, sha256: digest, request: json, contacts: contacts, sources: sources)
    }

    /// Reads the per-batch source map; a missing file gives no provenance, a short or broken one is an error,
    /// and so is one whose bytes are not those `manifest.json` hashed (`sha256`), or a missing one it lists.
    static func readSources(_ path: String, count: Int, sha256 expected: String? = nil) throws(SubmitError) -> [Provenance?] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if expected != nil {
                throw .folder(path: path, message: "is listed in manifest.json but missing: the API's answers could not be tied to their records\n  fix: make the batches again ('listwash run PIPELINE' or 'listwash batch -o DIR')")
            }
            return Array(repeating: nil, count: count)
        }
        if let expected, SHA256.hash(data: data).lowercaseHex != expected {
            throw .folder(path: path, message: "sha256 differs from manifest.json ('\(expected.prefix(12))…'); the source map changed after 'listwash batch' wrote it, and the API's answers would be tied to the wrong records\n  fix: make the batches again ('listwash run PIPELINE' or 'listwash batch -o DIR') rather than editing a source map")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count == count else {
            throw .folder(path: path, message: "has \(lines.count) lines for \(count) contacts; the source map must have one line per contact")
        }
        var out: [Provenance?] = []
        out.reserveCapacity(count)
        for (i, line) in lines.enumerated() {
            let v: JSONValue
            do { v = try JSONValue.parse(String(line)) } catch {
                throw .folder(path: "\(path):\(i + 1)", message: "not JSON: \(error)")
            }
            let src = v["_src"] ?? v
            guard let file = src["file"]?.stringValue, let record = src["record"]?.intValue else {
                throw .folder(path: "\(path):\(i + 1)", message: "no '_src' with 'file' and 'record'")
            }
            out.append(Provenance(file: file, record: record, line: src["line"]?.intValue ?? record))
        }
        return out
    }

    /// How many inputs of the folder's run were read only in part: the `input_partial` count of
    /// `manifest.json`'s `rejected_by_code` (0 without a manifest).
    public static func partialInputs(_ directory: String) -> Int {
        guard let data = FileManager.default.contents(atPath: directory + "/manifest.json"),
              let json = try? JSONValue.parse([UInt8](data)) else { return 0 }
        return json["rejected_by_code"]?[RejectCode.inputPartial.rawValue]?.intValue ?? 0
    }

    /// A request file as `manifest.json` lists it.
    struct ListedFile {
        var sha256: String
        /// The hash of its source map, when the manifest has one.
        var sourceMapSHA256: String?
    }

    /// `files[].file → ListedFile` from `manifest.json`, which must exist.
    static func readManifest(_ directory: String) throws(SubmitError) -> [String: ListedFile] {
        let path = directory + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .folder(path: path, message: "is missing: 'listwash batch' writes it last, so the batch run that made this folder did not finish and some contacts may be in no batch; run 'listwash batch -o \(directory)' again")
        }
        let json: JSONValue
        do { json = try JSONValue.parse([UInt8](data)) } catch {
            throw .folder(path: path, message: "not JSON: \(error)")
        }
        var out: [String: ListedFile] = [:]
        for entry in json["files"]?.arrayValue ?? [] {
            if let file = entry["file"]?.stringValue, let sha = entry["sha256"]?.stringValue {
                out[(file as NSString).lastPathComponent] = ListedFile(sha256: sha.lowercased(),
                                                                       sourceMapSHA256: entry["source_map_sha256"]?.stringValue?.lowercased())
            }
        }
        return out
    }
}
