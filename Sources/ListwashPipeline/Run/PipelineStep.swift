/// The steps of a pipeline in the order they run (`--until STEP` stops after one).
public enum PipelineStep: String, CaseIterable, Comparable, Sendable {
    case parse, normalize, dedupe, exclude, batch, submit

    public static func < (a: PipelineStep, b: PipelineStep) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
