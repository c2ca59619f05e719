#if canImport(Glibc)
import Glibc
#endif
import CLibXML2
import ListwashCore

/// An ``XMLMapping`` bound to one document's namespaces and compiled for the SAX callbacks:
/// names interned in the parser's dictionary (so most comparisons are one pointer compare), the
/// record path as a small NFA over the element stack, and the field paths as one trie rooted at
/// the record element.
struct XMLCompiledMapping {
    /// A name test with its namespace: `local == nil` is `*`, `uris == nil` is any namespace.
    struct NameTest {
        var local: UnsafePointer<UInt8>?
        var uris: [UnsafePointer<UInt8>]?

        @inline(__always) func matches(local l: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) -> Bool {
            if let local, !sameName(local, l) { return false }
            guard let uris else { return true }
            guard let uri else { return false }
            for u in uris where sameName(u, uri) { return true }
            return false
        }
    }

    /// A step's test on one element: its name and an optional attribute predicate.
    struct StepTest {
        var name: NameTest
        var predicateAttribute: NameTest?
        var predicateValue: [UInt8]?

        @inline(__always) func matches(_ e: XMLElementEvent) -> Bool {
            guard name.matches(local: e.localName, uri: e.uri) else { return false }
            guard let attr = predicateAttribute else { return true }
            guard let v = e.attribute(attr) else { return false }
            guard let want = predicateValue else { return true }
            return v.elementsEqual(want)
        }
    }

    /// One record-path step.
    struct RecordStep {
        var test: StepTest
        var descendant: Bool
    }

    /// Where a matched value goes: the column index and which `|` alternative produced it.
    struct Capture {
        var slot: Int
        var alternative: Int
    }

    /// A trie node: the element reached by some path prefix relative to the record.
    struct Node {
        var children: [(test: StepTest, node: Int)] = []
        var attributes: [(name: NameTest, capture: Capture)] = []
        var text: [Capture] = []
    }

    var recordSteps: [RecordStep]
    var nodes: [Node]
    var targets: [XMLMapping.Target]
    /// Whether any column reads the record's own attributes or text (trie root terminals).
    var rootHasTerminals: Bool { !nodes[0].attributes.isEmpty || !nodes[0].text.isEmpty }

    /// Binds `mapping`'s prefixes (the mapping's own first, then the root element's declarations)
    /// and compiles it. `intern` returns the parser dictionary's copy of a string.
    init(_ mapping: XMLMapping, root: XMLMapping.RootElement,
         intern: (String) -> UnsafePointer<UInt8>) throws(Diagnostic) {
        var uriCache: [String: [UnsafePointer<UInt8>]] = [:]
        func uris(_ prefix: String?, in path: XMLPath) throws(Diagnostic) -> [UnsafePointer<UInt8>]? {
            guard let prefix else { return nil }
            if let c = uriCache[prefix] { return c }
            var list = mapping.namespaces[prefix] ?? []
            if list.isEmpty { list = root.declarations.filter { $0.prefix == prefix }.map(\.uri) }
            guard !list.isEmpty else {
                throw Diagnostic(at: nil, "namespace prefix '\(prefix)' in path '\(path.text)' is not declared in the mapping or on the root element",
                                 code: "xml_path_invalid", fix: "declare it with --namespace \(prefix)=URI (or under namespaces: in the mapping)")
            }
            let interned = list.map(intern)
            uriCache[prefix] = interned
            return interned
        }
        func name(_ q: XMLPath.QualifiedName, in path: XMLPath) throws(Diagnostic) -> NameTest {
            NameTest(local: q.local.map(intern), uris: try uris(q.prefix, in: path))
        }
        func step(_ s: XMLPath.Step, in path: XMLPath) throws(Diagnostic) -> StepTest {
            StepTest(name: try name(s.name, in: path),
                     predicateAttribute: try s.predicate.map { p throws(Diagnostic) in try name(p.attribute, in: path) },
                     predicateValue: s.predicate?.value.map { Array($0.utf8) })
        }

        let rec = mapping.record
        guard let alt = rec.alternatives.first, alt.steps.count < 64 else {
            throw Diagnostic(at: nil, "record path '\(rec.text)' is too deep", code: "xml_path_invalid")
        }
        var steps: [RecordStep] = []
        for s in alt.steps { steps.append(RecordStep(test: try step(s, in: rec), descendant: s.axis == .descendant)) }
        recordSteps = steps

        var nodes = [Node()]
        targets = mapping.columns.map(\.target)
        for (slot, column) in mapping.columns.enumerated() {
            for (a, alternative) in column.path.alternatives.enumerated() {
                var at = 0
                for s in alternative.steps {
                    let test = try step(s, in: column.path)
                    // Share a trie node only with an identical step (same pointers, same predicate).
                    if let existing = nodes[at].children.first(where: { Self.same($0.test, test) }) {
                        at = existing.node
                    } else {
                        nodes.append(Node())
                        nodes[at].children.append((test, nodes.count - 1))
                        at = nodes.count - 1
                    }
                }
                let capture = Capture(slot: slot, alternative: a)
                switch alternative.terminal {
                case .text: nodes[at].text.append(capture)
                case .attribute(let q): nodes[at].attributes.append((try name(q, in: column.path), capture))
                }
            }
        }
        self.nodes = nodes
    }

    static func same(_ a: StepTest, _ b: StepTest) -> Bool {
        a.name.local == b.name.local && a.name.uris == b.name.uris && a.predicateAttribute?.local == b.predicateAttribute?.local
            && a.predicateAttribute?.uris == b.predicateAttribute?.uris && a.predicateValue == b.predicateValue
            && (a.predicateAttribute == nil) == (b.predicateAttribute == nil)
    }

    /// The record-path states after an element, from its parent's states (bit i: steps 0..<i
    /// matched). Returns the new states and whether the element is a record.
    /// Whether `e` has the name the record path's last step asks for (namespace included), so
    /// that an element outside the path is one of the records' namesakes. False for a last step
    /// that takes any name (`*`).
    @inline(__always) func isRecordNamesake(_ e: XMLElementEvent) -> Bool {
        guard let last = recordSteps.last, last.test.name.local != nil else { return false }
        return last.test.name.matches(local: e.localName, uri: e.uri)
    }

    @inline(__always) func advance(_ parent: UInt64, _ e: XMLElementEvent) -> (states: UInt64, isRecord: Bool) {
        var out: UInt64 = 0
        var bits = parent
        let n = recordSteps.count
        while bits != 0 {
            let i = bits.trailingZeroBitCount
            bits &= bits - 1
            guard i < n else { continue }
            let s = recordSteps[i]
            if s.descendant { out |= 1 << UInt64(i) }
            if s.test.matches(e) { out |= 1 << UInt64(i + 1) }
        }
        return (out, out & (1 << UInt64(n)) != 0)
    }
}

/// Two names equal: the parser interns names in its dictionary, so equal pointers are the
/// common case; differing pointers fall back to comparing bytes (a name not interned, e.g. the
/// predefined `xml` namespace).
@inline(__always) func sameName(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?) -> Bool {
    guard let b else { return false }
    if a == b { return true }
    if a.pointee != b.pointee { return false }
    return strcmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self), UnsafeRawPointer(b).assumingMemoryBound(to: CChar.self)) == 0
}

/// One start-element event as libxml2's SAX2 `startElementNs` hands it over (pointers valid for
/// the duration of the callback only).
struct XMLElementEvent {
    var localName: UnsafePointer<UInt8>?
    var prefix: UnsafePointer<UInt8>?
    var uri: UnsafePointer<UInt8>?
    /// 5 pointers per attribute: localname, prefix, URI, value start, value end.
    var attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    var attributeCount: Int

    /// The value of the first attribute matching `test`, `&#38;` decoded (see ``attributeValue(_:)``).
    @inline(__always) func attribute(_ test: XMLCompiledMapping.NameTest) -> [UInt8]? {
        guard let attributes else { return nil }
        for k in 0..<attributeCount {
            let base = attributes + 5 * k
            if test.matches(local: base[0], uri: base[2]) { return Self.attributeValue(base) }
        }
        return nil
    }

    /// An attribute's value bytes. Without entity substitution (which listwash never turns on)
    /// libxml2 2.9 hands `&amp;` in attribute values to SAX as the character reference `&#38;`
    /// (its tree builder decodes it later); this undoes exactly that.
    static func attributeValue(_ base: UnsafeMutablePointer<UnsafePointer<UInt8>?>) -> [UInt8] {
        guard let start = base[3], let end = base[4], end > start else { return [] }
        let raw = UnsafeBufferPointer(start: start, count: end - start)
        guard raw.contains(UInt8(ascii: "&")) else { return Array(raw) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        let amp: [UInt8] = Array("&#38;".utf8)
        while i < raw.count {
            if raw[i] == UInt8(ascii: "&"), i + 5 <= raw.count, raw[i..<i + 5].elementsEqual(amp) {
                out.append(UInt8(ascii: "&"))
                i += 5
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return out
    }
}
