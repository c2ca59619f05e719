/// Title-cases a personal name that is all lowercase or all uppercase (`names.case: title`),
/// getting the usual exceptions right: McDonald, MacLeod (a list of Mac names, because Macy,
/// Mackey and Machado are not Mac-Y), O'Brien and D'Angelo, Smith-Jones, particles that stay
/// lowercase inside a name (van der Berg, de la Cruz, von Trapp), generational suffixes (III)
/// and initials (J.R.). A name that already mixes case (DeShawn, da Silva) is left alone.
enum NameCaser {
    static let particles: Set<String> = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "ten", "ter", "y", "bin", "ibn"]
    static let upperSuffixes: Set<String> = ["ii", "iii", "iv", "vi", "vii", "viii"]
    static let mixedSuffixes: [String: String] = ["jr": "Jr", "jr.": "Jr.", "sr": "Sr", "sr.": "Sr.", "phd": "PhD", "ph.d.": "Ph.D.", "md": "MD", "esq": "Esq", "esq.": "Esq."]
    /// Surnames written Mac + capital (checked after lowercasing).
    static let macNames: Set<String> = [
        "macarthur", "macaulay", "macbeth", "macbride", "maccallum", "maccormick", "macdonald", "macdougall", "macduff",
        "macewan", "macfarlane", "macgillivray", "macgregor", "macinnes", "macintosh", "macintyre", "maciver", "mackay",
        "mackenzie", "mackinnon", "maclachlan", "maclean", "macleod", "macmillan", "macnamara", "macneil", "macneill",
        "macpherson", "macquarrie", "macqueen", "macrae", "macsween", "mactavish", "macaskill", "maclaren", "maclennan",
    ]

    /// `name` in title case, or unchanged when it already mixes case or has no cased letters.
    ///
    /// A small letter with no capital of its own (ß, whose capital is SS) says nothing about the
    /// case a name was written in: 'GROßMANN' is written in capitals (it was left alone), and
    /// so is 'McDONALD' or 'MacLEOD', a Mc or Mac kept before a surname in capitals.
    static func title(_ name: String) -> String {
        var hasUpper = false, hasLower = false
        let scalars = Array(name.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isUppercase {
                hasUpper = true
                i += Self.macPrefixLength(scalars, at: i)
            } else if c.properties.isLowercase && Self.hasOwnCapital(c) {
                hasLower = true
            }
            if hasUpper && hasLower { return name }
            i += 1
        }
        if !hasUpper { if !hasLower { return name } }
        let words = Self.withFinalSigma(name.lowercased()).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        for (i, word) in words.enumerated() {
            let isLast = i == words.count - 1
            if words.count > 1 && !isLast && particles.contains(word) {
                out.append(word)
            } else if i > 0 && upperSuffixes.contains(word) {
                out.append(word.uppercased())
            } else if i > 0, let s = mixedSuffixes[word] {
                out.append(s)
            } else {
                out.append(word.split(separator: "-", omittingEmptySubsequences: false).map { casePart(String($0)) }.joined(separator: "-"))
            }
        }
        return Self.withTurkishDottedI(out.joined(separator: " "))
    }

    /// `cased` with the dotted capital I put back together: `String.lowercased()` turns İ
    /// (U+0130) into i + COMBINING DOT ABOVE, so 'İLHAN' came out 'İlhan' written as I + U+0307
    /// and 'ŞİMŞEK' as 'Şi̇mşek' with a stray dot. A capital becomes İ again, a small letter the
    /// plain i Turkish writes.
    static func withTurkishDottedI(_ cased: String) -> String {
        guard cased.unicodeScalars.contains("\u{0307}") else { return cased }
        var out = String.UnicodeScalarView()
        for c in cased.unicodeScalars {
            if c == "\u{0307}", let last = out.last, last == "I" || last == "i" {
                if last == "I" { out.removeLast(); out.append("\u{0130}") }
                continue
            }
            out.append(c)
        }
        return String(out)
    }

    /// Whether the small letter `c` has a capital of one letter (ß, ŉ and the ligatures have
    /// none: their capitals are two letters).
    static func hasOwnCapital(_ c: Unicode.Scalar) -> Bool {
        let upper = c.properties.uppercaseMapping.unicodeScalars
        return upper.count == 1 && upper.first != c
    }

    /// At the 'M' of a word (`scalars[i]`): the length of the small 'c' or 'ac' of a Mc or Mac
    /// written before a capital ('McDONALD'), to be passed over; 0 otherwise.
    static func macPrefixLength(_ scalars: [Unicode.Scalar], at i: Int) -> Int {
        guard scalars[i] == "M", i == 0 || !scalars[i - 1].properties.isAlphabetic else { return 0 }
        for prefix in [["c"], ["a", "c"]] as [[Unicode.Scalar]] {
            let end = i + 1 + prefix.count
            // Followed by two capitals: 'MacE' alone is too little to tell ('MacEwan').
            guard end + 1 < scalars.count, Array(scalars[(i + 1)..<end]) == prefix,
                  scalars[end].properties.isUppercase, scalars[end + 1].properties.isUppercase else { continue }
            return prefix.count
        }
        return 0
    }

    /// One hyphen-free part of a word, lowercase on entry.
    static func casePart(_ part: String) -> String {
        if part.count > 3, part.hasPrefix("mc") { return "Mc" + capitalize(String(part.dropFirst(2))) }
        if macNames.contains(part) { return "Mac" + capitalize(String(part.dropFirst(3))) }
        for apostrophe in ["'", "\u{2019}"] {
            if let r = part.range(of: apostrophe), part.distance(from: part.startIndex, to: r.lowerBound) == 1,
               ["o", "d", "l"].contains(String(part[..<r.lowerBound])) {
                return capitalize(String(part[..<r.lowerBound])) + apostrophe + capitalize(String(part[r.upperBound...]))
            }
        }
        return capitalize(part)
    }

    /// `lowered` with Greek small sigma at the end of a word written final (σ → ς), as Unicode's
    /// Final_Sigma rule lowercases it: `String.lowercased()` maps each letter on its own, so
    /// ΣΩΚΡΆΤΗΣ came out Σωκράτησ. A sigma preceded by a letter and not followed by one is final.
    static func withFinalSigma(_ lowered: String) -> String {
        guard lowered.unicodeScalars.contains("\u{03C3}") else { return lowered }
        let scalars = Array(lowered.unicodeScalars)
        func isLetter(_ i: Int) -> Bool { scalars.indices.contains(i) && scalars[i].properties.isAlphabetic }
        var out = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            out.append(c == "\u{03C3}" && isLetter(i - 1) && !isLetter(i + 1) ? "\u{03C2}" : c)
        }
        return String(out)
    }

    /// The first letter, and each letter after a '.', in title case. A letter whose title case
    /// is two letters (ß → Ss) stays as it is: 'ßchmidt' became 'Sschmidt', a name spelled
    /// otherwise. A letter after a digit stays small ('3rd', not '3Rd').
    static func capitalize(_ s: String) -> String {
        var out = ""
        var upperNext = true
        for c in s.unicodeScalars {
            if upperNext && c.properties.isCased {
                let title = c.properties.titlecaseMapping
                if title.unicodeScalars.count == 1 { out += title } else { out.unicodeScalars.append(c) }
                upperNext = false
            } else {
                out.unicodeScalars.append(c)
                if c.properties.isCased || c.properties.numericType == .decimal { upperNext = false }
            }
            if c == "." { upperNext = true }
        }
        return out
    }
}
