/// A parsed JSON value, for the parts of a record whose shape is open (`_extra` written by other
/// tools) and for small documents (stats, manifests). The record itself is read without it.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number as written, so that nothing is lost to floating point.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .number(let s), .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let o): for (k, v) in o { h.combine(k); h.combine(v) }
        }
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first(where: { $0.0 == key })?.1 }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var intValue: Int? {
        switch self {
        case .number(let s): return Int(s)
        case .string(let s): return Int(s)
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// The value as text: strings as they are, anything else as compact JSON.
    public var text: String {
        switch self {
        case .string(let s): return s
        default:
            var w = JSONWriter()
            write(to: &w)
            return String(decoding: w.bytes, as: UTF8.self)
        }
    }

    /// Writes the value as compact JSON.
    public func write(to w: inout JSONWriter) {
        switch self {
        case .null: w.raw("null")
        case .bool(let b): w.raw(b ? "true" : "false")
        case .number(let s): w.bytes.append(contentsOf: s.utf8)
        case .string(let s): w.string(s)
        case .array(let a):
            w.byte(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                v.write(to: &w)
            }
            w.byte(UInt8(ascii: "]"))
        case .object(let o):
            w.byte(UInt8(ascii: "{"))
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(k)
                v.write(to: &w)
            }
            w.byte(UInt8(ascii: "}"))
        }
    }

    /// Parses one JSON document from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buf) throws(JSONSyntaxError) -> JSONValue in
            var s = JSONScanner(buf)
            let v = try s.value()
            s.skipWhitespace()
            if !s.atEnd { throw s.error("unexpected text after the JSON value") }
            return v
        }
    }

    /// Parses one JSON document from a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}
