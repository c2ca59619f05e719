import ListwashCore
import ListwashStages

/// Builds a stage from a YAML-like map of settings, as a pipeline file would give it.
func settingsNode(_ pairs: [(String, SettingNode)]) -> SettingNode {
    SettingNode(.map(pairs.map { (key: $0.0, keyPosition: nil, node: $0.1) }))
}

func listNode(_ values: [String]) -> SettingNode {
    SettingNode(.list(values.map { SettingNode.scalar($0) }))
}

func dedupe(_ pairs: [(String, SettingNode)] = [], context: StageContext = StageContext()) throws -> DedupeStage {
    try DedupeStage(settings: settingsNode(pairs), context: context)
}

/// The stage's output sorted by record number: with `union` on (the default), `first` emits
/// folded records as they come and survivors at the end, so tests about keys read it this way.
func inInputOrder(_ out: [ContactRecord]) -> [ContactRecord] {
    out.sorted { $0.source.record < $1.source.record }
}
