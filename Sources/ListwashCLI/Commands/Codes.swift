import ArgumentParser
import ListwashCore

/// `listwash codes`: the reject codes with their meanings.
struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the reject codes with one-line meanings.")

    func run() throws {
        let width = RejectCode.registry.map(\.code.rawValue.count).max() ?? 0
        var text = ""
        for (code, meaning) in RejectCode.registry {
            text += code.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + meaning + "\n"
        }
        print(text, terminator: "")
    }
}

extension String {
    func padding(toLength n: Int, withPad pad: String, startingAt: Int) -> String {
        count >= n ? self : self + String(repeating: pad, count: n - count)
    }
}
