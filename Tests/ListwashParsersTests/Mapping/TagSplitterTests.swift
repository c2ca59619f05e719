import Testing
@testable import ListwashParsers

struct TagSplitterTests {
    @Test(arguments: [
        ([";", ","], "vip;;news, letter;", ["vip", "news", " letter"]),
        ([";"], "a,b;c", ["a,b", "c"]),
        ([" ::: "], "* myContacts ::: Friends ::: ", ["* myContacts", "Friends"]),
        ([";", ","], ";;,", []),
        ([";"], "solo", ["solo"]),
        // Quoted items (Mailchimp's TAGS): a separator inside quotes is part of the item.
        ([","], #""Customer","VIP, Gold""#, ["Customer", "VIP, Gold"]),
        ([";", ","], #" "a ""b""" ; "c" "#, [#"a "b""#, "c"]),
        ([","], #""open, not closed"#, ["\"open", " not closed"]),
        ([","], #""a" b,"c""#, ["\"a\" b", "\"c\""]),
    ])
    func splitsKeepsPiecesAndDropsEmptyOnes(_ separators: [String], _ value: String, _ tags: [String]) {
        #expect(TagSplitter(separators: separators).split(value) == tags)
    }
}
