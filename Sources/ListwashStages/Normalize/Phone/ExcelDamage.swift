/// Phone numbers damaged by a spreadsheet that took them for numbers: scientific notation
/// (`4.41E+11`: the last digits are gone), a float suffix (`4155550100.0`), and a lost leading
/// `0` or `+`/`00` (an all-digit value that is only valid with one put back). Recognized and
/// reported, never repaired: putting digits back would be a guess.
enum ExcelDamage {
    static let fix = "re-export the column formatted as text, or correct the numbers in the source"

    /// `4.41E+11`, `4,41E+11`, `4E11`, or digits with a `.0` float suffix.
    static func scientificOrFloat(_ s: String) -> PhoneNormalizer.Problem? {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        guard digits() > 0 else { return nil }
        if i == b.count { return nil }
        if b[i] == UInt8(ascii: "."), i + 2 == b.count, b[i + 1] == UInt8(ascii: "0") {
            return PhoneNormalizer.Problem(code: "phone_excel_damage",
                                           message: "'\(s)' was stored as a number by a spreadsheet (a '.0' was added); it is not a phone number as written", fix: fix)
        }
        if b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            _ = digits()
        }
        guard i < b.count, b[i] == UInt8(ascii: "E") || b[i] == UInt8(ascii: "e") else { return nil }
        i += 1
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0, i == b.count else { return nil }
        return PhoneNormalizer.Problem(code: "phone_excel_damage",
                                       message: "'\(s)' is in a spreadsheet's scientific notation; its last digits are lost", fix: fix)
    }

    /// An all-digit value, invalid as written, that is a valid number with a leading `0` (a
    /// national trunk prefix) or, from eleven digits on, a `+` (an international number) put back.
    static func lostPrefix(_ s: String, region: String) -> PhoneNormalizer.Problem? {
        guard s.utf8.count >= 6, s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        if case .parsed(let e164, _, true) = PhoneNumberLibrary.parse("0" + s, region: region) {
            return PhoneNormalizer.Problem(code: "phone_excel_damage",
                                           message: "'\(s)' looks like a number whose leading '0' was lost by a spreadsheet (with it: \(e164)); not repaired", fix: fix)
        }
        // Ten digits or fewer is a national length in most plans (a US number with an unknown
        // area code is just invalid), so only longer runs are read as a lost '+'.
        if s.utf8.count >= 11, case .parsed(let e164, _, true) = PhoneNumberLibrary.parse("+" + s, region: region) {
            return PhoneNormalizer.Problem(code: "phone_excel_damage",
                                           message: "'\(s)' looks like an international number whose leading '+' or '00' was lost by a spreadsheet (with it: \(e164)); not repaired", fix: fix)
        }
        return nil
    }
}
