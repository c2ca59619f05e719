/// The properties the vCard reader maps or must recognise; every other name is `.other`.
enum VCardPropertyKind: Sendable {
    case begin, end, version, n, fn, email, tel, org, categories, note, bday, adr, url, title
    /// `X-ABLabel`: Apple's label for the other properties of its group (`item1.EMAIL`).
    case label
    /// PHOTO, LOGO, SOUND, KEY: binary content, never kept.
    case binary
    case other

    static func of(_ name: UnsafeBufferPointer<UInt8>) -> VCardPropertyKind {
        switch name.count {
        case 1: return VCardKeyword.equals(name, "N") ? .n : .other
        case 2: return VCardKeyword.equals(name, "FN") ? .fn : .other
        case 3:
            if VCardKeyword.equals(name, "TEL") { return .tel }
            if VCardKeyword.equals(name, "ORG") { return .org }
            if VCardKeyword.equals(name, "END") { return .end }
            if VCardKeyword.equals(name, "ADR") { return .adr }
            if VCardKeyword.equals(name, "URL") { return .url }
            if VCardKeyword.equals(name, "KEY") { return .binary }
            return .other
        case 4:
            if VCardKeyword.equals(name, "NOTE") { return .note }
            if VCardKeyword.equals(name, "BDAY") { return .bday }
            if VCardKeyword.equals(name, "LOGO") { return .binary }
            return .other
        case 5:
            if VCardKeyword.equals(name, "EMAIL") { return .email }
            if VCardKeyword.equals(name, "BEGIN") { return .begin }
            if VCardKeyword.equals(name, "TITLE") { return .title }
            if VCardKeyword.equals(name, "PHOTO") { return .binary }
            if VCardKeyword.equals(name, "SOUND") { return .binary }
            return .other
        case 7: return VCardKeyword.equals(name, "VERSION") ? .version : .other
        case 9: return VCardKeyword.equals(name, "X-ABLABEL") ? .label : .other
        case 10: return VCardKeyword.equals(name, "CATEGORIES") ? .categories : .other
        default: return .other
        }
    }
}

/// The TYPE values listwash looks at, as bits (no allocation per property).
struct VCardTypes: OptionSet, Sendable {
    let rawValue: UInt32
    static let pref = VCardTypes(rawValue: 1 << 0)
    static let work = VCardTypes(rawValue: 1 << 1)
    static let home = VCardTypes(rawValue: 1 << 2)
    static let cell = VCardTypes(rawValue: 1 << 3)
    static let fax = VCardTypes(rawValue: 1 << 4)
    static let pager = VCardTypes(rawValue: 1 << 5)
    static let main = VCardTypes(rawValue: 1 << 6)
    static let other = VCardTypes(rawValue: 1 << 7)
    static let iphone = VCardTypes(rawValue: 1 << 8)

    /// The names shown in `_extra` keys (`TEL (home,fax)`), in this order.
    static let shown: [(VCardTypes, String)] = [
        (.home, "home"), (.work, "work"), (.cell, "cell"), (.iphone, "iphone"), (.main, "main"),
        (.fax, "fax"), (.pager, "pager"), (.other, "other"),
    ]

    static func of(_ v: UnsafeBufferPointer<UInt8>) -> VCardTypes {
        switch v.count {
        case 4:
            if VCardKeyword.equals(v, "PREF") { return .pref }
            if VCardKeyword.equals(v, "WORK") { return .work }
            if VCardKeyword.equals(v, "HOME") { return .home }
            if VCardKeyword.equals(v, "CELL") { return .cell }
            if VCardKeyword.equals(v, "MAIN") { return .main }
            return []
        case 3: return VCardKeyword.equals(v, "FAX") ? .fax : []
        case 5:
            if VCardKeyword.equals(v, "PAGER") { return .pager }
            if VCardKeyword.equals(v, "OTHER") { return .other }
            return []
        case 6:
            if VCardKeyword.equals(v, "MOBILE") { return .cell }
            if VCardKeyword.equals(v, "IPHONE") { return .iphone }
            return []
        default: return []
        }
    }
}

/// How a property value is transfer-encoded.
enum VCardTransferEncoding: Sendable {
    case none, quotedPrintable, base64
}

/// One content line split into group, name, parameters and the value's start. Ranges are
/// offsets into the logical line's bytes.
struct VCardPropertyLine {
    var group: Range<Int>?
    var name: Range<Int> = 0..<0
    var kind = VCardPropertyKind.other
    var types: VCardTypes = []
    /// `PREF=n` (4.0); `Int.max` when absent.
    var pref = Int.max
    var encoding = VCardTransferEncoding.none
    /// The raw `CHARSET=` value.
    var charset: Range<Int>?
    /// `VALUE=uri` (4.0 `tel:` numbers, `data:` photos).
    var valueIsURI = false
    /// `VALUE=binary`.
    var valueIsBinary = false
    var valueStart = 0
}

/// A content line that cannot be parsed: the byte offset of the problem and what it is.
struct VCardLineError: Error {
    var offset: Int
    var message: String
}
