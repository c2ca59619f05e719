import Foundation
import ListwashCore
import ListwashStages
import ListwashTestSupport

/// A temporary folder with exclusion files, and stages built over it.
final class ExclusionFiles {
    let dir: TemporaryDirectory
    let context: StageContext

    init() throws {
        dir = try TemporaryDirectory()
        context = StageContext(baseDirectory: dir.path)
    }

    deinit { dir.remove() }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        _ = try dir.write(name, text)
        return name
    }

    /// The stage from one settings block.
    func stage(_ pairs: [(String, SettingNode)]) throws -> ExcludeStage {
        try ExcludeStage(settings: settingsNode(pairs), context: context)
    }

    /// The stage from a YAML-style list of blocks.
    func stage(items: [[(String, SettingNode)]]) throws -> ExcludeStage {
        try ExcludeStage(settings: SettingNode(.list(items.map(settingsNode))), context: context)
    }
}

func emails(_ list: [String]) -> [ContactRecord] {
    list.enumerated().map { ContactRecord.fixture(email: $0.element, record: $0.offset + 1) }
}
