/// Which single-byte encoding a file that is not UTF-8 is in: Windows-1252 (Excel and Outlook
/// on Windows) or Mac OS Roman (`macintosh`: Excel for Mac's plain "CSV", classic Mac exports).
///
/// Both encodings agree on ASCII and disagree on every accented letter, and both decode any
/// byte to something, so reading a Mac file as Windows-1252 turned "José Müller" into
/// "JosŽ MŸller" without a word. The guess weighs how each encoding reads every byte from
/// 0x80 up next to its ASCII neighbours, the way names are written:
/// - a lowercase letter touching a letter (`é` in "José"), or a capital starting a word
///   (`É` in "Élise"), counts for the encoding;
/// - a capital after a lowercase letter or inside a word ("JosÈ", "MŸller"), a lowercase
///   letter right before a capital, or a symbol between two letters ("Bj‰rn"), counts against
///   it, and a byte the encoding leaves undefined counts four times against it;
/// - the right single quote between two letters is an apostrophe ("O’Brien"), as in names.
///
/// Only ASCII letters count as neighbours: next to another byte from 0x80 up, neither reading
/// is evidence (a run of `’’’` in Windows-1252 reads as `ííí` in Mac Roman).
///
/// Windows-1252 stays the answer unless Mac Roman reads the file clearly better: by
/// ``margin`` points, or by one when the lines end in a lone CR, the classic Mac line end.
/// A file too short to tell (a name or two) is read as Windows-1252, as before.
enum LegacyEncodingGuess {
    static let windows1252 = "windows-1252"
    static let macRoman = "macintosh"
    /// How many points Mac Roman must score above Windows-1252.
    static let margin = 2

    /// The encoding of `bytes`, the head of a file known not to be UTF-8.
    static func encoding(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        let windows = score(bytes, table: windowsKinds), mac = score(bytes, table: macKinds)
        let needed = endsLinesWithLoneCR(bytes) ? 1 : margin
        return mac > 0 && mac - windows >= needed ? macRoman : windows1252
    }

    /// How a byte from 0x80 up reads in an encoding.
    enum Kind { case lower, upper, apostrophe, other, undefined }

    static let windowsKinds = kinds(encoding: windows1252)
    static let macKinds = kinds(encoding: macRoman)

    static func kinds(encoding: String) -> [Kind] {
        (0x80...0xFF).map { b in
            guard let value = TextDecoding.scalar(UInt8(b), encoding: encoding), let scalar = Unicode.Scalar(value) else { return .undefined }
            if value == 0x2019 { return .apostrophe }
            let p = scalar.properties
            if p.isLowercase { return .lower }
            if p.isUppercase { return .upper }
            return p.isAlphabetic ? .lower : .other
        }
    }

    /// The points `bytes` score read with `table` (``kinds(encoding:)``).
    static func score(_ bytes: UnsafeBufferPointer<UInt8>, table: [Kind]) -> Int {
        var points = 0
        for i in bytes.indices where bytes[i] >= 0x80 {
            let before = i > bytes.startIndex ? letterCase(bytes[i - 1]) : nil
            let after = i + 1 < bytes.endIndex ? letterCase(bytes[i + 1]) : nil
            switch table[Int(bytes[i]) - 0x80] {
            case .undefined:
                points -= 4
            case .lower:
                if after == .upper { points -= 1 } else if before != nil || after != nil { points += 1 }
            case .upper:
                if before == .lower || (before != nil && after == .lower) { points -= 1 } else if after != nil { points += 1 }
            case .apostrophe:
                if before != nil && after != nil { points += 1 }
            case .other:
                if before != nil && after != nil { points -= 1 }
            }
        }
        return points
    }

    /// The case of an ASCII letter; nil for any other byte.
    static func letterCase(_ b: UInt8) -> Kind? {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return .lower
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return .upper
        default: return nil
        }
    }

    /// Whether the text has line ends and every one is a lone CR.
    static func endsLinesWithLoneCR(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains(0x0A) && bytes.contains(0x0D)
    }
}
