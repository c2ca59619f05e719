import Testing
import ListwashCore
import ListwashTestSupport
@testable import ListwashStages

struct NameCaserTests {
    @Test(arguments: [
        ("JOHN", "John"), ("john", "John"), ("MCDONALD", "McDonald"), ("macleod", "MacLeod"), ("MACKENZIE", "MacKenzie"),
        ("MACY", "Macy"), ("machado", "Machado"), ("O'BRIEN", "O'Brien"), ("d'angelo", "D'Angelo"), ("o\u{2019}neil", "O\u{2019}Neil"),
        ("smith-jones", "Smith-Jones"), ("MARY-KATE", "Mary-Kate"), ("VAN DER BERG", "van der Berg"), ("de la cruz", "de la Cruz"),
        ("LUDWIG VON BEETHOVEN", "Ludwig von Beethoven"), ("DE", "De"), ("JOHN SMITH III", "John Smith III"), ("j.r.r.", "J.R.R."),
        ("ŁUKASZ", "Łukasz"), ("josé", "José"), ("ZOË", "Zoë"), ("SØREN", "Søren"), ("ÇAĞLA", "Çağla"),
        // Greek sigma is final at the end of a word only (Unicode's Final_Sigma).
        ("ΣΩΚΡΆΤΗΣ", "Σωκράτης"), ("ΟΔΥΣΣΕΥΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", "Οδυσσευς Παπαδοπουλος"), ("ΣΊΣΥΦΟΣ-ΚΑΣ", "Σίσυφος-Κας"), ("Σ", "Σ"),
        // Turkish dotted capital I: no stray combining dot, NFC output.
        ("İLHAN", "\u{0130}lhan"), ("ŞİMŞEK", "Şimşek"), ("AYŞE YILDIRIM", "Ayşe Yildirim"), ("İ", "İ"),
    ])
    func titleCasesUniformNames(input: String, expected: String) {
        #expect(NameCaser.title(input) == expected)
    }

    @Test(arguments: ["McDonald", "DeShawn", "da Silva", "van der Berg", "iPhone", "李", "Nguyễn", "O'Brien", "MacEwan", "ßchmidt", "Großmann"])
    func leavesMixedCaseAndUncasedNamesAlone(input: String) {
        #expect(NameCaser.title(input) == input)
    }

    /// ß has no capital of one letter: it does not make a name in capitals mixed, and it is not
    /// title-cased into two letters. A Mc or Mac kept before a surname in capitals does not make
    /// it mixed either. A letter after a digit stays small.
    @Test(arguments: [
        ("GROßMANN", "Großmann"), ("STRAßBURGER-WEIß", "Straßburger-Weiß"), ("ßCHMIDT", "ßchmidt"),
        ("McDONALD", "McDonald"), ("MacLEOD", "MacLeod"), ("MacDONALD", "MacDonald"), ("JOHN McDONALD", "John McDonald"),
        ("JOHN 3RD", "John 3rd"), ("4TH", "4th"), ("R2D2", "R2d2"),
    ])
    func titleCasesNamesInCapitalsWithTheirExceptions(input: String, expected: String) {
        #expect(NameCaser.title(input) == expected)
        #expect(NameCaser.title(expected) == expected)
    }
}

struct FullNameSplitterTests {
    @Test(arguments: [
        ("John Smith", "John", "Smith", [String]()), ("  John   Smith ", "John", "Smith", []),
        ("Dr. Jane van der Berg", "Jane", "van der Berg", ["Dr."]), ("Mrs. Mary Ann O'Brien", "Mary Ann", "O'Brien", ["Mrs."]),
        ("Martin Luther King Jr.", "Martin Luther", "King Jr.", []), ("John Smith, Jr.", "John", "Smith Jr.", []),
        ("Henry Ford III", "Henry", "Ford III", []), ("Jane Doe PhD", "Jane", "Doe PhD", []),
        ("Smith, John", "John", "Smith", []), ("Smith, Dr. John Paul", "John Paul", "Smith", ["Dr."]),
        ("Cruz, Juan, Jr.", "Juan", "Cruz Jr.", []), ("Juan de la Cruz", "Juan", "de la Cruz", []), ("Cher", "Cher", nil, []),
        ("Prof. Dr. Anna Schmidt", "Anna", "Schmidt", ["Prof.", "Dr."]),
        // Outlook's display name carries the address: it is no part of the name.
        ("Bob Builder (bob@contoso.com)", "Bob", "Builder", []), ("Jane Doe <jane@x.com>", "Jane", "Doe", []),
        ("bob@contoso.com", nil, nil, []),
        // Sweep 10 F16: CJK-script names are written family name first; Latin ones are not.
        ("山田 太郎", "太郎", "山田", []), ("王 小明", "小明", "王", []), ("김 민준", "민준", "김", []),
        ("佐々木\u{3000}ひろみ", "ひろみ", "佐々木", []), ("スミス ジョン", "ジョン", "スミス", []), ("佐藤花子", "佐藤花子", nil, []),
        ("山田, 太郎", "太郎", "山田", []), ("Taro Yamada", "Taro", "Yamada", []), ("Wang Xiaoming", "Wang", "Xiaoming", []),
        ("山田 Taro", "山田", "Taro", []),
        // A comma with nothing on one side stays out of the name.
        ("Smith,", nil, "Smith", []), ("van der Berg ,", nil, "van der Berg", []), (", Jane", "Jane", nil, []),
        (", Jane Smith", "Jane", "Smith", []), (",", nil, nil, []),
    ] as [(String, String?, String?, [String])])
    func splitsIntoFirstAndLast(input: String, first: String?, last: String?, dropped: [String]) {
        let s = FullNameSplitter.split(input)
        #expect(s.first == first)
        #expect(s.last == last)
        #expect(s.droppedPrefixes == dropped)
    }

    @Test func aCJKSplitSaysTheFamilyNameCameFirst() throws {
        var r = ContactRecord.fixture(email: "yamada@example.jp")
        r.fullName = "山田 太郎"
        let out = try normalizeOne(r)
        #expect(out.firstName == "太郎" && out.lastName == "山田")
        #expect(out.notes.first { $0.code == "full_name_split" }?.message.contains("family name first") == true)
    }
}

struct TagNormalizerTests {
    @Test(arguments: [
        ([";"], true, ["vip;newsletter"], ["vip", "newsletter"]), ([";"], true, ["vip;;news;"], ["vip", "news"]),
        ([";"], true, [" vip ; VIP ;Vip"], ["vip"]), ([";", ","], true, ["a, b;c", "B"], ["a", "b", "c"]),
        ([";"], false, ["vip;VIP"], ["vip", "VIP"]), ([";"], true, ["partner;trade show, berlin"], ["partner", "trade show, berlin"]),
        ([" | "], true, ["a | b"], ["a", "b"]), ([";"], true, [""], []), ([";"], true, ["vip"], ["vip"]),
    ] as [([String], Bool, [String], [String])])
    func splitsTrimsDropsEmptiesAndDedupes(separators: [String], dedupe: Bool, input: [String], expected: [String]) {
        #expect(TagNormalizer(separators: separators, dedupe: dedupe).normalize(input) == expected)
    }

    /// Past 16 tags the seen keys go into a set (a contact with 200,000 distinct tags took
    /// minutes when each was compared with all before it): duplicates are still found, in both.
    @Test func manyTagsAreDeduplicatedAsFewAre() {
        let distinct = (0..<40).map { "Tag\($0)" }
        let input = distinct + ["tag3", "TAG39", " tag20 ", "new"]
        #expect(TagNormalizer(separators: [";"], dedupe: true).normalize(input) == distinct + ["new"])
        let joined = [distinct.joined(separator: ";") + ";tag0;x"]
        #expect(TagNormalizer(separators: [";"], dedupe: true).normalize(joined) == distinct + ["x"])
    }
}
