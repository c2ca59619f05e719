import ListwashCore

/// A document that declares UTF-16 in 8-bit bytes. .NET's `XmlSerializer` writing through a
/// `StringWriter` declares `encoding="utf-16"` (the string's encoding), and the text is then
/// saved as UTF-8: a common shape of exports from .NET tools. libxml2 refuses the whole file
/// ("Document labelled UTF-16 but has UTF-8 content"), though its bytes leave no doubt: UTF-16
/// text has a byte order mark or a NUL in every other byte, and this declaration has neither.
/// ``XMLPushStream`` reads such a document as UTF-8, as if given `--encoding utf-8`, and says so
/// in the `encoding` fact; bytes that are not UTF-8 either still stop it with the usual fix.
enum XMLMislabelledUTF16 {
    /// The declared label (`utf-16`, `unicode`) when `prolog`, the document's first bytes,
    /// starts with an XML declaration in 8-bit bytes (after an optional UTF-8 byte order mark)
    /// that declares UTF-16 or UCS-2; nil for any other document.
    static func label(of prolog: [UInt8]) -> String? {
        let start = prolog.starts(with: UTF8ByteOrderMark.bytes) ? 3 : 0
        guard prolog.count >= start + 6, prolog[start..<start + 5].elementsEqual("<?xml".utf8) else { return nil }
        let limit = min(prolog.count, start + 1024)
        var end = start + 5
        while end + 1 < limit, !(prolog[end] == UInt8(ascii: "?") && prolog[end + 1] == UInt8(ascii: ">")) { end += 1 }
        guard end + 1 < limit else { return nil }
        let declared = prolog[start..<end].withUnsafeBufferPointer { XMLMarkupGuard.declaredEncoding($0) }
        guard let label = declared else { return nil }
        let name = String(label.uppercased().unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " })
        let utf16 = name.hasPrefix("UTF16") || name.hasPrefix("UCS2") || name.hasPrefix("UNICODE") && !name.contains("UTF")
        return utf16 ? label : nil
    }
}
