/// Parses one unfolded content line, `[group.]NAME[;params]:value`, accepting the parameter
/// syntaxes of all three versions: `TYPE=work,pref` (3.0/4.0), `TYPE=work;TYPE=pref`, bare
/// `WORK;PREF` (2.1), quoted values (`TYPE="work,voice"`) and `PREF=1` (4.0).
enum VCardPropertyParser {
    static func parse(_ p: UnsafeBufferPointer<UInt8>) -> Result<VCardPropertyLine, VCardLineError> {
        var line = VCardPropertyLine()
        let n = p.count
        var i = 0
        var nameStart = 0
        while i < n && isNameByte(p[i]) { i += 1 }
        if i < n && p[i] == UInt8(ascii: ".") && i > 0 {
            line.group = 0..<i
            i += 1
            nameStart = i
            while i < n && isNameByte(p[i]) { i += 1 }
        }
        line.name = nameStart..<i
        // A line without any ':' is reported as such, wherever its name ends.
        let noColon = VCardLineError(offset: n, message: "no ':' between property name and value")
        guard i > nameStart else {
            guard p.contains(UInt8(ascii: ":")) else { return .failure(noColon) }
            return .failure(VCardLineError(offset: i, message: i < n ? "\(describe(p[i])) where a property name should start" : "an empty property name"))
        }
        guard i < n else { return .failure(noColon) }
        guard p[i] == UInt8(ascii: ";") || p[i] == UInt8(ascii: ":") else {
            guard p.contains(UInt8(ascii: ":")) else { return .failure(noColon) }
            return .failure(VCardLineError(offset: i, message: "\(describe(p[i])) in the property name"))
        }
        line.kind = VCardPropertyKind.of(UnsafeBufferPointer(rebasing: p[line.name]))
        while i < n && p[i] == UInt8(ascii: ";") {
            i += 1
            let keyStart = i
            while i < n && p[i] != UInt8(ascii: "=") && p[i] != UInt8(ascii: ";") && p[i] != UInt8(ascii: ":") { i += 1 }
            let key = keyStart..<i
            if i < n && p[i] == UInt8(ascii: "=") {
                i += 1
                while true {
                    let valueRange: Range<Int>
                    if i < n && p[i] == UInt8(ascii: "\"") {
                        let open = i
                        i += 1
                        while i < n && p[i] != UInt8(ascii: "\"") { i += 1 }
                        guard i < n else { return .failure(VCardLineError(offset: open, message: "a parameter value opens a quote that never closes")) }
                        valueRange = (open + 1)..<i
                        i += 1
                        // Tolerate stray text after the closing quote up to the next delimiter.
                        while i < n && p[i] != UInt8(ascii: ",") && p[i] != UInt8(ascii: ";") && p[i] != UInt8(ascii: ":") { i += 1 }
                    } else {
                        let s = i
                        while i < n && p[i] != UInt8(ascii: ",") && p[i] != UInt8(ascii: ";") && p[i] != UInt8(ascii: ":") { i += 1 }
                        valueRange = s..<i
                    }
                    apply(key: UnsafeBufferPointer(rebasing: p[key]), value: valueRange, in: p, to: &line)
                    if i < n && p[i] == UInt8(ascii: ",") { i += 1; continue }
                    break
                }
            } else {
                applyBare(UnsafeBufferPointer(rebasing: p[key]), range: key, to: &line)
            }
        }
        guard i < n, p[i] == UInt8(ascii: ":") else {
            return .failure(VCardLineError(offset: i, message: "no ':' between property name and value"))
        }
        line.valueStart = i + 1
        return .success(line)
    }

    @inline(__always)
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
    }

    private static func describe(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : b == 0x20 ? "a space" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private static func apply(key: UnsafeBufferPointer<UInt8>, value: Range<Int>, in p: UnsafeBufferPointer<UInt8>, to line: inout VCardPropertyLine) {
        let v = UnsafeBufferPointer(rebasing: p[value])
        if VCardKeyword.equals(key, "TYPE") {
            // A quoted TYPE="work,voice" still lists several values.
            var s = 0
            for j in 0...v.count where j == v.count || v[j] == UInt8(ascii: ",") {
                line.types.formUnion(VCardTypes.of(UnsafeBufferPointer(rebasing: v[s..<j])))
                s = j + 1
            }
        } else if VCardKeyword.equals(key, "PREF") {
            var number = 0
            var digits = 0
            for b in v where b >= 0x30 && b <= 0x39 && digits < 6 { number = number * 10 + Int(b - 0x30); digits += 1 }
            if digits > 0 { line.pref = min(line.pref, number) } else { line.types.insert(.pref) }
        } else if VCardKeyword.equals(key, "ENCODING") {
            if VCardKeyword.equals(v, "QUOTED-PRINTABLE") { line.encoding = .quotedPrintable }
            else if VCardKeyword.equals(v, "BASE64") || VCardKeyword.equals(v, "B") { line.encoding = .base64 }
        } else if VCardKeyword.equals(key, "CHARSET") {
            line.charset = value
        } else if VCardKeyword.equals(key, "VALUE") {
            if VCardKeyword.equals(v, "URI") || VCardKeyword.equals(v, "URL") { line.valueIsURI = true }
            else if VCardKeyword.equals(v, "BINARY") { line.valueIsBinary = true }
        }
    }

    private static func applyBare(_ v: UnsafeBufferPointer<UInt8>, range: Range<Int>, to line: inout VCardPropertyLine) {
        if VCardKeyword.equals(v, "QUOTED-PRINTABLE") { line.encoding = .quotedPrintable }
        else if VCardKeyword.equals(v, "BASE64") { line.encoding = .base64 }
        else { line.types.formUnion(VCardTypes.of(v)) }
    }
}
