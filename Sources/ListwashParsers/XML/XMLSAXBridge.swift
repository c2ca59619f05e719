import CLibXML2

/// The libxml2 SAX2 handler table that forwards to an ``XMLRecordBuilder`` (the parser's
/// `userData`). Only the callbacks listwash needs are set: elements, text, CDATA, errors, and
/// the DTD hooks that refuse entities. Everything else (tree building, entity lookup and
/// loading, external subsets) is left NULL, so libxml2 builds no document and resolves nothing.
enum XMLSAXBridge {
    static func builder(_ ctx: UnsafeMutableRawPointer?) -> XMLRecordBuilder {
        Unmanaged<XMLRecordBuilder>.fromOpaque(ctx!).takeUnretainedValue()
    }

    static func handler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, nbDefaulted, attributes in
            // The last `nbDefaulted` attributes are not in the file: libxml2 adds an internal
            // DTD's ATTLIST defaults whatever the options. They would put values the export never
            // held into records (an email for every contact) and let a small file write an
            // unbounded output, so only the attributes written in the element are read.
            let event = XMLElementEvent(localName: localname, prefix: prefix, uri: uri, attributes: attributes,
                                        attributeCount: Int(nbAttributes - nbDefaulted))
            XMLSAXBridge.builder(ctx).startElement(event, namespaces: namespaces, namespaceCount: Int(nbNamespaces))
        }
        h.endElementNs = { ctx, _, _, _ in
            XMLSAXBridge.builder(ctx).endElement()
        }
        h.characters = { ctx, ch, len in
            if let ch, len > 0 { XMLSAXBridge.builder(ctx).characters(ch, Int(len)) }
        }
        h.cdataBlock = { ctx, ch, len in
            if let ch, len > 0 { XMLSAXBridge.builder(ctx).characters(ch, Int(len)) }
        }
        h.serror = { ctx, err in
            if let err { XMLSAXBridge.builder(ctx).error(err) }
        }
        // Second line of the entity defence (the first is XMLPrologGuard).
        h.internalSubset = { ctx, name, externalID, systemID in
            if externalID != nil || systemID != nil {
                XMLSAXBridge.builder(ctx).refuse("the DOCTYPE references an external DTD; external DTDs are never loaded")
            }
        }
        h.entityDecl = { ctx, name, _, _, _, _ in
            let n = name.map { String(cString: $0) } ?? ""
            XMLSAXBridge.builder(ctx).refuse("the DOCTYPE declares entity '\(n)'; entity declarations are refused")
        }
        h.unparsedEntityDecl = { ctx, name, _, _, _ in
            let n = name.map { String(cString: $0) } ?? ""
            XMLSAXBridge.builder(ctx).refuse("the DOCTYPE declares entity '\(n)'; entity declarations are refused")
        }
        return h
    }
}
