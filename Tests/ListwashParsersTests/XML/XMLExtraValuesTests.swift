import ListwashCore
import Testing
@testable import ListwashParsers

/// ``XMLExtraValues`` against the list search it replaced, over random joins and take-backs on
/// both sides of the size where it starts keeping positions.
struct XMLExtraValuesTests {
    /// The plain list: what the values must equal after every step.
    struct Model {
        var items: [KeyValue] = []
        mutating func join(_ key: String, _ value: String, canAdd: Bool) -> Bool {
            if let i = items.firstIndex(where: { $0.key == key }) { items[i].value += "||" + value; return true }
            guard canAdd else { return false }
            items.append(KeyValue(key, value))
            return true
        }
        mutating func forgetLast(_ key: String, _ value: String) {
            guard let i = items.firstIndex(where: { $0.key == key }) else { return }
            if items[i].value == value { items.remove(at: i) } else if items[i].value.hasSuffix("||" + value) { items[i].value.removeLast(value.count + 2) }
        }
    }

    @Test(arguments: [3, 17, 40, 400])
    func equalsTheListSearch(keys: Int) {
        var random = SplitMix64(seed: UInt64(keys))
        var values = XMLExtraValues()
        var model = Model()
        var maxCount = 0
        for step in 0..<3_000 {
            let key = "k\(random.next() % UInt64(keys))"
            let value = "v\(random.next() % 3)"
            switch random.next() % 500 {
            case 0..<50:
                values.forgetLast(key, value)
                model.forgetLast(key, value)
            case 50:
                values.removeAll()
                model.items.removeAll()
            default:
                let canAdd = random.next() % 8 != 0
                #expect(values.join(key, value, canAdd: canAdd) == model.join(key, value, canAdd: canAdd), "step \(step)")
            }
            #expect(values.items == model.items, "step \(step)")
            #expect(values.position(of: key) == model.items.firstIndex { $0.key == key }, "step \(step)")
            maxCount = max(maxCount, values.count)
        }
        if keys > XMLExtraValues.searchedUpTo { #expect(maxCount > XMLExtraValues.searchedUpTo, "the values grew past the list search") }
    }
}
