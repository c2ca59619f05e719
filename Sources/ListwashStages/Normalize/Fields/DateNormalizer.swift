import Foundation

/// Dates to `YYYY-MM-DD` (issue 5 "Custom fields"), the one format ActiveCampaign's importer
/// reads without turning it into a date in 1899. Understands ISO dates and date-times,
/// `YYYYMMDD`, numeric dates with `/ - .` separators in the configured day/month order, and
/// month names (`January 5, 2024`, `5-Jan-24`). A two-digit year is read in the hundred years
/// that end one year after today (in 2026: 28–99 → 19xx, 00–27 → 20xx), so a birthday written
/// `01/02/68` is 1968, not 2068 as POSIX `strptime`'s fixed pivot at 69 has it; the record gets
/// a `date_year_expanded` note naming the year chosen. Ambiguous or impossible dates are
/// reported, never guessed.
struct DateNormalizer: Sendable {
    /// The order of day, month and year in numeric dates.
    enum Order: String, Sendable, CaseIterable {
        case mdy, dmy, ymd
    }

    enum Outcome: Equatable {
        case date(String)
        /// A date whose two-digit year was expanded to four digits; `message` says to which.
        case expandedYear(String, message: String)
        /// A note code (`date_ambiguous`, `date_invalid`, `date_unrecognized`) and message.
        case problem(code: String, message: String)
        /// A placeholder for no date (all zeros, as Outlook's "0/0/00"): the value is removed.
        case placeholder
    }

    let order: Order?
    /// The year two-digit years are read against (the latest is one year after it).
    let currentYear: Int

    init(order: Order?, currentYear: Int = DateNormalizer.thisYear()) {
        self.order = order
        self.currentYear = currentYear
    }

    /// The current year by the system clock (UTC).
    static func thisYear() -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.component(.year, from: Date())
    }

    /// The four-digit year for a year written with one or two digits: the one in the hundred
    /// years ending one year after `currentYear`.
    func expand(twoDigitYear yy: Int) -> Int {
        let latest = currentYear + 1
        var y = latest - latest % 100 + yy
        if y > latest { y -= 100 }
        return y
    }

    static let months: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        var m: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            m[n] = i + 1
            m[String(n.prefix(3))] = i + 1
        }
        m["sept"] = 9
        return m
    }()
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]

    private enum Token { case number(Int, digits: Int), word(String) }

    func normalize(_ raw: String) -> Outcome {
        let text = Whitespace.collapse(raw)
        let s = Self.stripTime(text)
        guard let tokens = Self.tokens(s) else { return unrecognized(text) }
        var numbers: [(value: Int, digits: Int)] = []
        var month: Int?
        for t in tokens {
            switch t {
            case .number(let v, let d): numbers.append((v, d))
            case .word(let w):
                if let m = Self.months[w], month == nil { month = m } else if !Self.weekdays.contains(w) { return unrecognized(text) }
            }
        }
        if let month {
            guard numbers.count == 2 else { return unrecognized(text) }
            let (day, year): (Int, (Int, Int))
            if numbers[0].digits == 4 { (day, year) = (numbers[1].value, (numbers[0].value, 4)) } else { (day, year) = (numbers[0].value, (numbers[1].value, numbers[1].digits)) }
            return build(text, year: year, month: month, day: day)
        }
        // Outlook writes "0/0/00" for every empty date: a placeholder, not a date.
        if month == nil, !numbers.isEmpty, numbers.allSatisfy({ $0.value == 0 }) { return .placeholder }
        // Eight digits starting with a year (20240403) are year-first whatever the day/month
        // order set for d/m/y dates: that order made them unreadable.
        if numbers.count == 1, numbers[0].digits == 8 {
            let v = numbers[0].value
            let (y, m, d) = (v / 10000, v / 100 % 100, v % 100)
            if order == nil || order == .ymd || (y >= 1000 && Self.isValid(year: y, month: m, day: d)) {
                return build(text, year: (y, 4), month: m, day: d)
            }
        }
        guard numbers.count == 3 else { return unrecognized(text) }
        let (a, b, c) = (numbers[0], numbers[1], numbers[2])
        if a.digits == 4 { return build(text, year: (a.value, 4), month: b.value, day: c.value) }
        switch order {
        case .mdy?: return build(text, year: (c.value, c.digits), month: a.value, day: b.value)
        case .dmy?: return build(text, year: (c.value, c.digits), month: b.value, day: a.value)
        case .ymd?: return build(text, year: (a.value, a.digits), month: b.value, day: c.value)
        case nil:
            let mdyOK = Self.isValid(year: 2000, month: a.value, day: b.value)
            let dmyOK = Self.isValid(year: 2000, month: b.value, day: a.value)
            if mdyOK && dmyOK && a.value != b.value {
                return .problem(code: "date_ambiguous", message: "'\(text)' could be month/day or day/month; set 'date_order' (mdy, dmy or ymd)")
            }
            return dmyOK && !mdyOK ? build(text, year: (c.value, c.digits), month: b.value, day: a.value)
                                   : build(text, year: (c.value, c.digits), month: a.value, day: b.value)
        }
    }

    private func build(_ text: String, year: (value: Int, digits: Int), month: Int, day: Int) -> Outcome {
        var y = year.value
        switch year.digits {
        case 4: break
        case 1, 2: y = expand(twoDigitYear: y)
        default: return .problem(code: "date_invalid", message: "'\(text)' has no usable year")
        }
        guard Self.isValid(year: y, month: month, day: day), y >= 1000 else {
            return .problem(code: "date_invalid", message: "'\(text)' is not a date that exists")
        }
        let iso = Self.pad(y, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        if year.digits == 4 { return .date(iso) }
        return .expandedYear(iso, message: "'\(text)' has a two-digit year, read as \(y) (two-digit years are read as no later than \(currentYear + 1)); write four-digit years to be sure")
    }

    private func unrecognized(_ text: String) -> Outcome {
        .problem(code: "date_unrecognized", message: "'\(text)' is not a date format listwash reads; write it as YYYY-MM-DD")
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `2024-01-05T10:00:00Z` and `2024-01-05 10:00` → the date part.
    static func stripTime(_ s: String) -> String {
        let b = Array(s.utf8)
        guard b.count > 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return s }
        return String(decoding: b[..<10], as: UTF8.self)
    }

    /// Numbers and lowercase words; separators are space, `/ - . ,`; ordinal suffixes dropped.
    private static func tokens(_ s: String) -> [Token]? {
        var out: [Token] = []
        var digits = 0, value = 0
        var word = ""
        func flush() {
            if digits > 0 { out.append(.number(value, digits: digits)) }
            if !word.isEmpty {
                if case .number? = out.last, ["st", "nd", "rd", "th"].contains(word) {} else { out.append(.word(word)) }
            }
            digits = 0; value = 0; word = ""
        }
        for c in s.unicodeScalars {
            switch c {
            case "0"..."9":
                if !word.isEmpty { flush() }
                guard digits < 9 else { return nil }
                digits += 1
                value = value * 10 + Int(c.value - 48)
            case "a"..."z", "A"..."Z":
                if digits > 0 { out.append(.number(value, digits: digits)); digits = 0; value = 0 }
                word.unicodeScalars.append(Unicode.Scalar(UInt8(c.value) | 0x20))
            case " ", "/", "-", ".", ",":
                flush()
            default:
                return nil
            }
        }
        flush()
        return out
    }
}
