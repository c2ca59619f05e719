import ListwashCore
import ListwashImport
import ListwashParsers
import ListwashStages

/// Every stage's spec, one literal list sorted by name (STYLE §3: the registry is a sorted
/// literal, checked by a test). `listwash stages`, `stages explain`, the pipeline linter and the
/// docs read it; the specs themselves live beside their stages.
public enum StageRegistry {
    public static let all: [StageSpec] = [
        BatchWriter.spec,
        DedupeStage.spec,
        ExcludeStage.spec,
        NormalizeStage.spec,
        ParseSettings.spec,
        submit,
    ]

    /// The settings of the `submit:` block: the submitter's own spec (ListwashImport).
    public static let submit: StageSpec = SubmitSettings.spec

    /// The stage named `name`, if there is one.
    public static func spec(named name: String) -> StageSpec? { all.first { $0.name == name } }

    /// The order stages run in a pipeline.
    public static let pipelineOrder = ["parse", "normalize", "dedupe", "exclude", "batch", "submit"]
}
