/// A stage whose end-of-stream output is long hands it over in parts: ``StageRunner`` calls
/// `finish(into:)` again while ``hasMoreToFinish`` is true, passing each part on before asking
/// for the next, so the tail is never all in memory at once (dedupe replaying the survivors it
/// held in a temporary file: a million records would otherwise sit in one ``StageOutput``).
public protocol FinishesInParts: Stage {
    /// Whether the last `finish(into:)` left more to emit.
    var hasMoreToFinish: Bool { get }
}
