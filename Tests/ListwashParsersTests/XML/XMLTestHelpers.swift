import ListwashCore
@testable import ListwashParsers
import ListwashTestSupport

/// What one XML read produced: the records, the facts, and the partial-read diagnostics.
struct XMLRead {
    var records: [ContactRecord]
    var facts: [KeyValue]
    var partial: [Diagnostic]

    var live: [ContactRecord] { records.filter { !$0.isRejected } }
    func fact(_ key: String) -> String? { facts[key: key] }
}

/// Reads a whole XML file with `settings`.
func readXML(_ path: String, _ settings: ParseSettings = ParseSettings(), guardProlog: Bool = true) throws -> XMLRead {
    var source = try XMLContactSource(path: path, settings: settings,
                                      presets: { () throws(Diagnostic) in try XMLMappingPreset.loadAll(directory: PackagePaths.root + "/rules/mappings") },
                                      guardProlog: guardProlog)
    var records: [ContactRecord] = []
    while let r = try source.next() { records.append(r) }
    return XMLRead(records: records, facts: source.facts, partial: source.partial)
}

/// Reads XML text written to a temporary file.
func readXML(text: String, _ settings: ParseSettings = ParseSettings(), guardProlog: Bool = true) throws -> XMLRead {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    return try readXML(try dir.write("doc.xml", text), settings, guardProlog: guardProlog)
}

/// Reads XML bytes written to a temporary file.
func readXML(bytes: [UInt8], _ settings: ParseSettings = ParseSettings(), guardProlog: Bool = true) throws -> XMLRead {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    return try readXML(try dir.write("doc.xml", bytes: bytes), settings, guardProlog: guardProlog)
}

/// Settings with an inline mapping: `record` and `NAME=PATH` columns, `PREFIX=URI` namespaces.
func inline(_ record: String?, _ columns: [String: String], namespaces: [String: String] = [:], mapping: String? = nil) -> ParseSettings {
    var s = ParseSettings()
    s.format = .xml
    s.record = record
    s.mapping = mapping
    s.columns = columns.sorted { $0.key < $1.key }.map { KeyValue($0.key, $0.value) }
    s.namespaces = namespaces.sorted { $0.key < $1.key }.map { KeyValue($0.key, $0.value) }
    return s
}

/// The diagnostic a throwing read produced (nil when it did not throw one).
func diagnostic(_ body: () throws -> Void) -> Diagnostic? {
    do { try body() } catch let d as Diagnostic { return d } catch { return nil }
    return nil
}

func fixture(_ name: String) -> String { PackagePaths.fixture("ListwashParsersTests", "xml/" + name) }
