import Foundation
import GRDB
import ListwashCore

/// The sandbox account's contacts in SQLite (GRDB), upserted by lowercased email, as the
/// importer does. `imports` counts how many times an import wrote the contact, which is how
/// tests see a batch imported twice.
final class ContactStore: Sendable {
    let db: DatabaseQueue

    init(path: String?) throws {
        if let path { db = try DatabaseQueue(path: path) } else { db = try DatabaseQueue() }
        try db.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS contact (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  email TEXT NOT NULL UNIQUE,
                  first_name TEXT, last_name TEXT, phone TEXT, customer_acct_name TEXT,
                  tags TEXT NOT NULL DEFAULT '[]',
                  fields TEXT NOT NULL DEFAULT '{}',
                  lists TEXT NOT NULL DEFAULT '{}',
                  imports INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE IF NOT EXISTS tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
                """)
        }
    }

    /// A contact's properties as an import or a sync gives them.
    struct Incoming {
        var email: String
        var firstName, lastName, phone, account: String?
        var tags: [String] = []
        var fields: [(String, String)] = []
        var subscribe: [String] = []
        var unsubscribe: [String] = []
    }

    /// Upserts one contact; returns its id and whether it was created.
    func upsert(_ c: Incoming, in db: Database) throws -> (id: Int64, created: Bool) {
        let email = c.email.lowercased()
        let existing = try Row.fetchOne(db, sql: "SELECT * FROM contact WHERE email = ?", arguments: [email])
        var tags: [String] = []
        var fields: [(String, String)] = []
        var lists: [(String, String)] = []
        if let existing {
            tags = Self.strings(existing["tags"])
            fields = Self.pairs(existing["fields"])
            lists = Self.pairs(existing["lists"])
        }
        for t in c.tags where !tags.contains(where: { $0.lowercased() == t.lowercased() }) { tags.append(t) }
        for (k, v) in c.fields { Self.set(&fields, k, v) }
        for l in c.subscribe where lists.first(where: { $0.0 == l })?.1 != "unsubscribed" { Self.set(&lists, l, "active") }
        for l in c.unsubscribe { Self.set(&lists, l, "unsubscribed") }
        let args: [(any DatabaseValueConvertible)?] = [c.firstName, c.lastName, c.phone, c.account,
                                                       Self.json(tags), Self.json(fields), Self.json(lists)]
        if let existing {
            let id: Int64 = existing["id"]
            try db.execute(sql: """
                UPDATE contact SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name),
                  phone = COALESCE(?, phone), customer_acct_name = COALESCE(?, customer_acct_name),
                  tags = ?, fields = ?, lists = ?, imports = imports + 1 WHERE id = ?
                """, arguments: StatementArguments(args + [id]))
            return (id, false)
        }
        try db.execute(sql: """
            INSERT INTO contact (first_name, last_name, phone, customer_acct_name, tags, fields, lists, email, imports)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
            """, arguments: StatementArguments(args + [email]))
        return (db.lastInsertedRowID, true)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T { try db.write(body) }

    /// Adds tag `name` to contact `id`.
    func addTag(contact id: Int64, tag name: String) throws -> Bool {
        try db.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT tags FROM contact WHERE id = ?", arguments: [id]) else { return false }
            var tags = Self.strings(row["tags"])
            if !tags.contains(where: { $0.lowercased() == name.lowercased() }) { tags.append(name) }
            try db.execute(sql: "UPDATE contact SET tags = ? WHERE id = ?", arguments: [Self.json(tags), id])
            return true
        }
    }

    /// Sets contact `id`'s membership of `list` (1 active, 2 unsubscribed).
    func setList(contact id: Int64, list: String, status: Int) throws -> Bool {
        try db.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT lists FROM contact WHERE id = ?", arguments: [id]) else { return false }
            var lists = Self.pairs(row["lists"])
            Self.set(&lists, list, status == 2 ? "unsubscribed" : "active")
            try db.execute(sql: "UPDATE contact SET lists = ? WHERE id = ?", arguments: [Self.json(lists), id])
            return true
        }
    }

    /// The id of tag `name`, created when `create` and absent.
    func tag(named name: String, create: Bool) throws -> (id: Int64, name: String)? {
        try db.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, name FROM tag WHERE name = ?", arguments: [name]) {
                return (row["id"], row["name"])
            }
            guard create else { return nil }
            try db.execute(sql: "INSERT INTO tag (name) VALUES (?)", arguments: [name])
            return (db.lastInsertedRowID, name)
        }
    }

    func tagName(id: Int64) throws -> String? {
        try db.read { db in try String.fetchOne(db, sql: "SELECT name FROM tag WHERE id = ?", arguments: [id]) }
    }

    /// Every contact as `/_sandbox/contacts` shows it.
    func all(ids: [Int64]? = nil) throws -> [JSONValue] {
        try db.read { db in
            let rows: [Row]
            if let ids {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM contact WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(ids))
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY id")
            }
            return rows.map { r in
                var m: [(String, JSONValue)] = [("id", .string(String(r["id"] as Int64))), ("email", .string(r["email"]))]
                for (col, key) in [("first_name", "first_name"), ("last_name", "last_name"), ("phone", "phone"), ("customer_acct_name", "customer_acct_name")] {
                    if let v: String = r[col] { m.append((key, .string(v))) }
                }
                m.append(("tags", .array(Self.strings(r["tags"]).map(JSONValue.string))))
                m.append(("fields", .array(Self.pairs(r["fields"]).map { .object([("id", .string($0.0)), ("value", .string($0.1))]) })))
                m.append(("lists", .object(Self.pairs(r["lists"]).map { ($0.0, .string($0.1)) })))
                m.append(("imports", .number(String(r["imports"] as Int))))
                return .object(m)
            }
        }
    }

    // MARK: - JSON columns

    static func json(_ strings: [String]) -> String { JSONValue.array(strings.map(JSONValue.string)).text }
    static func json(_ pairs: [(String, String)]) -> String { JSONValue.object(pairs.map { ($0.0, .string($0.1)) }).text }

    static func strings(_ text: String?) -> [String] {
        guard let text, let v = try? JSONValue.parse(text) else { return [] }  // the column is written by this type only
        return (v.arrayValue ?? []).compactMap(\.stringValue)
    }

    static func pairs(_ text: String?) -> [(String, String)] {
        guard let text, case .object(let m)? = try? JSONValue.parse(text) else { return [] }  // written by this type only
        return m.map { ($0.0, $0.1.text) }
    }

    static func set(_ pairs: inout [(String, String)], _ key: String, _ value: String) {
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
    }
}
