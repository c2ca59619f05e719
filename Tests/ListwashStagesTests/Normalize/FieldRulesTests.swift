import Testing
import ListwashCore
@testable import ListwashStages

struct DateNormalizerTests {
    @Test(arguments: [
        (nil, "2024-01-05", "2024-01-05"), (nil, "2024/1/5", "2024-01-05"), (nil, "2024-01-05T10:30:00Z", "2024-01-05"),
        (nil, "20240105", "2024-01-05"), (nil, "January 5, 2024", "2024-01-05"), (nil, "5 Jan 2024", "2024-01-05"),
        (nil, "5-Jan-24", "2024-01-05"), (nil, "Friday, January 5th, 2024", "2024-01-05"), (nil, "Sept 30 1999", "1999-09-30"),
        (nil, "13/05/2024", "2024-05-13"), (nil, "05/13/2024", "2024-05-13"), (nil, "05/05/2024", "2024-05-05"),
        ("mdy", "05/06/2024", "2024-05-06"), ("dmy", "05/06/2024", "2024-06-05"), ("dmy", "5.6.85", "1985-06-05"),
        ("mdy", "1/2/03", "2003-01-02"), ("ymd", "24/05/06", "2024-05-06"), (nil, "29 Feb 2024", "2024-02-29"),
        // Year-first compact dates whatever the day/month order.
        ("dmy", "20240403", "2024-04-03"), ("mdy", "20240403", "2024-04-03"),
    ] as [(String?, String, String)])
    func convertsToISO(order: String?, input: String, expected: String) {
        let d = DateNormalizer(order: order.flatMap(DateNormalizer.Order.init(rawValue:)), currentYear: 2026)
        switch d.normalize(input) {
        case .date(let iso), .expandedYear(let iso, _): #expect(iso == expected)
        case let other: Issue.record("'\(input)' gave \(other)")
        }
    }

    /// Sweep 10 F17: a two-digit year is read in the hundred years ending one year after
    /// today (a birthday of 01/02/68 is 1968, not 2068), and the record says so.
    @Test(arguments: [
        (2026, "01/02/68", "1968-01-02"), (2026, "01/02/69", "1969-01-02"), (2026, "01/02/30", "1930-01-02"),
        (2026, "01/02/28", "1928-01-02"), (2026, "01/02/27", "2027-01-02"), (2026, "01/02/26", "2026-01-02"),
        (2026, "01/02/00", "2000-01-02"), (2026, "5-Jan-99", "1999-01-05"), (2099, "01/02/00", "2100-01-02"),
        (2099, "01/02/01", "2001-01-02"), (2030, "01/02/31", "2031-01-02"), (2030, "01/02/32", "1932-01-02"),
    ] as [(Int, String, String)])
    func twoDigitYearsAreNeverMoreThanAYearAhead(today: Int, input: String, expected: String) {
        let d = DateNormalizer(order: .mdy, currentYear: today)
        guard case .expandedYear(let iso, let message) = d.normalize(input) else { Issue.record("'\(input)': no expanded year"); return }
        #expect(iso == expected)
        #expect(message.contains("'\(input)'") && message.contains(String(expected.prefix(4))))
        #expect(d.normalize("01/02/1968") == .date("1968-01-02"))
    }

    @Test func expandedYearIsNotedOnTheRecord() throws {
        var r = ContactRecord.fixture(email: "a@x.com")
        r.fields = [KeyValue("12", "01/02/68"), KeyValue("13", "1968-01-02")]
        let out = try normalizeOne(r, ["--date-field", "12", "--date-field", "13", "--date-order", "mdy"])
        #expect(out.fields == [KeyValue("12", "1968-01-02"), KeyValue("13", "1968-01-02")])
        #expect(out.notes.map(\.code) == ["date_year_expanded"])
        #expect(out.notes.first?.field == "fields.12")
        // Normalizing again changes nothing and adds no note.
        let again = try normalizeOne(out, ["--date-field", "12", "--date-field", "13", "--date-order", "mdy"])
        #expect(again.fields == out.fields && again.notes == out.notes)
    }

    @Test(arguments: [
        (nil, "05/06/2024", "date_ambiguous"), ("dmy", "31/02/2024", "date_invalid"), (nil, "2023-02-29", "date_invalid"),
        ("mdy", "13/01/2024", "date_invalid"), (nil, "next tuesday", "date_unrecognized"), (nil, "45123", "date_unrecognized"),
        (nil, "1899-12-30x", "date_unrecognized"),
    ] as [(String?, String, String)])
    func reportsWhatItCannotRead(order: String?, input: String, code: String) {
        let d = DateNormalizer(order: order.flatMap(DateNormalizer.Order.init(rawValue:)))
        guard case .problem(let c, let message) = d.normalize(input) else { Issue.record("'\(input)' was converted"); return }
        #expect(c == code)
        #expect(message.contains("'\(input)'"))
    }

    /// Outlook's "0/0/00" for an empty date is no date: the field is removed, with a note.
    @Test(arguments: ["0/0/00", "00/00/0000", "0000-00-00"])
    func allZerosArePlaceholders(_ input: String) throws {
        #expect(DateNormalizer(order: nil).normalize(input) == .placeholder)
        var r = ContactRecord.fixture(email: "a@x.com")
        r.fields = [KeyValue("12", input), KeyValue("13", "gold")]
        let out = try normalizeOne(r, ["--date-field", "12"])
        #expect(out.fields == [KeyValue("13", "gold")])
        #expect(out.notes.map(\.code) == ["date_placeholder_removed"])
    }
}

struct CustomFieldMapTests {
    static let map = CustomFieldMap(targets: [
        ("Birthday", .init(id: "12", multi: false, separators: [])),
        ("Interests", .init(id: "13", multi: false, separators: [";"])),
        ("Colors", .init(id: "14", multi: true, separators: [])),
    ])

    @Test func movesMappedExtraEntriesToFieldsById() {
        var r = ContactRecord.fixtureWithExtra([("Birthday", " 1990-01-01 "), ("Shoe size", "42"), ("interests", "golf; chess;;"),
                                               ("Colors", "red"), ("Colors", "blue")])
        var log = EditLog(enabled: true)
        Self.map.apply(to: &r, log: &log)
        #expect(r.fields == [KeyValue("12", "1990-01-01"), KeyValue("13", "||golf||chess||"), KeyValue("14", "||red||blue||")])
        #expect(r.extra == [KeyValue("Shoe size", "42")])
        #expect(log.changes.contains { $0.field == "fields.13" && $0.after == "||golf||chess||" && $0.rule == "fields.map" })
    }

    @Test func multiValuesAlreadyWrittenStayTheSame() {
        let t = CustomFieldMap.Target(id: "13", multi: false, separators: [";"])
        #expect(CustomFieldMap.value(of: ["||golf||chess||"], target: t) == "||golf||chess||")
    }
}

extension ContactRecord {
    static func fixtureWithExtra(_ extra: [(String, String)]) -> ContactRecord {
        ContactRecord(email: "a@b.com", source: Provenance(file: "t.csv", record: 1, line: 2), extra: extra.map { KeyValue($0.0, $0.1) })
    }
}
