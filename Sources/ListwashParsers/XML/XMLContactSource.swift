import CLibXML2
import ListwashCore

/// Reads contacts from an XML export (`listwash parse FILE --format xml`) through libxml2's
/// SAX2 push parser, one chunk at a time: memory stays at one chunk plus the record being built.
///
/// Why the push parser and not `xmlTextReader`: the reader is a pull layer over the same push
/// parser, but it reports a fatal error as soon as the chunk holding it is parsed, before it
/// hands out the complete elements parsed from that chunk; SAX delivers every event before the
/// error, so every record before a break is kept. It also builds no tree nodes.
///
/// Security: the prolog is checked by ``XMLPrologGuard`` before libxml2 sees a byte (a DOCTYPE
/// with entity declarations or an external DTD throws `xml_entities_refused`); the SAX table
/// refuses the same again; the parser runs with `XML_PARSE_NONET` and without `NOENT`,
/// `DTDLOAD`, `DTDATTR`, `XINCLUDE` or `HUGE`, and has no entity or external-subset callbacks.
/// There is no setting that loads anything from the network.
///
/// A document that stops being well-formed keeps the records before the break; a record open at
/// the break becomes an `xml_malformed` reject; ``partial`` names the line and column.
///
/// Bounds: ``XMLMarkupGuard`` reads every chunk before libxml2 and stops the document the same
/// way at an element with more than 1,000 attributes or a start tag over 1 MiB (libxml2 2.9's
/// duplicate-attribute check takes the square of the count); libxml2 refuses a name, value or
/// text over 10 MB.
public struct XMLContactSource: RecordSource {
    private let stream: XMLPushStream

    /// Opens `path` (`-` for standard input), checks its prolog, and reads up to the root
    /// element to choose the mapping. Throws a ``Diagnostic`` for a refused or unusable document.
    /// `input`: the input already opened (and peeked at) by ``SourceFactory``, else `path` is opened.
    public init(path: String, settings: ParseSettings, input: ByteInput? = nil) throws {
        try self.init(path: path, settings: settings, input: input, presets: { () throws(Diagnostic) in try XMLMappingPreset.loadAll() })
    }

    /// `guardProlog: false` leaves only the SAX-level guard (for its tests).
    init(path: String, settings: ParseSettings, input: ByteInput? = nil, presets: @escaping () throws(Diagnostic) -> [XMLMappingPreset],
         guardProlog: Bool = true) throws {
        stream = try XMLPushStream(path: path, settings: settings, input: input, presets: presets, guardProlog: guardProlog)
    }

    public mutating func next() throws -> ContactRecord? { try stream.next() }

    /// `mapping` (preset and why), `record` (the record path), `records` (count), `encoding`.
    public var facts: [KeyValue] { stream.facts }

    public var partial: [Diagnostic] { stream.partial }

    /// The fix for a document that stops being well-formed with libxml2's `message`: an
    /// encoding error (a Latin-1 byte in a file read as UTF-8) is fixed by naming the encoding.
    static func malformedFix(_ message: String, recordsBefore: Bool) -> String {
        let read = recordsBefore ? "; the records before this one were read" : ""
        if message.contains("not proper UTF-8") || message.contains("encoding") || message.contains("Char 0x") {
            return "the file's bytes are not in the encoding it declares: pass the real one, e.g. '--encoding windows-1252', or re-export it as UTF-8\(read)"
        }
        if let name = undefinedEntity(in: message) {
            let reference = htmlCharacterReferences[name].map { "'&#\($0);'" } ?? "a character reference ('&#160;' for '&nbsp;')"
            return "'&\(name);' is not one of XML's five entities (an HTML export, or text pasted from a web page): write it as \(reference) or as the character itself, or re-export the file\(read)"
        }
        if message.contains("longer than 10 MB") {
            return "remove or shorten that value (an embedded file or photo, say) and export again\(read)"
        }
        if message.hasSuffix(XMLMarkupGuard.limitPhrase) {
            if message.contains(" attributes, ") {
                return "contact exports have a few dozen attributes per element at most: check that this is the export you meant, or remove that element's extra attributes and export again\(read)"
            }
            return "shorten that element's attributes (a value holding an embedded file or photo, say) and export again\(read)"
        }
        return "repair or re-export the file\(read)"
    }

    /// The name in libxml2's "Entity 'nbsp' not defined".
    static func undefinedEntity(in message: String) -> String? {
        guard let open = message.range(of: "Entity '"), let close = message[open.upperBound...].range(of: "' not defined") else { return nil }
        let name = message[open.upperBound..<close.lowerBound]
        return name.isEmpty || name.contains(" ") ? nil : String(name)
    }

    /// The HTML entities that turn up in contact exports, and their code points.
    static let htmlCharacterReferences: [String: Int] = [
        "nbsp": 160, "copy": 169, "reg": 174, "trade": 8482, "ndash": 8211, "mdash": 8212, "hellip": 8230,
        "lsquo": 8216, "rsquo": 8217, "ldquo": 8220, "rdquo": 8221, "euro": 8364, "eacute": 233, "egrave": 232,
        "agrave": 224, "auml": 228, "ouml": 246, "uuml": 252, "Auml": 196, "Ouml": 214, "Uuml": 220, "szlig": 223,
        "ccedil": 231, "ntilde": 241, "aacute": 225, "iacute": 237, "oacute": 243, "uacute": 250,
    ]

    static let entitiesFix = "remove the DOCTYPE declaration from the export (contact data never needs one); listwash never loads DTDs or expands entities"
}
