import ListwashCore

/// Placeholder for the batch writer (the sink that writes bulk-import request files).
public struct BatchWriter {
    public static let spec = StageSpec(name: "batch", summary: "Pack contacts into bulk-import request files.", settings: [
        SettingSpec("out", kind: .string, summary: "Output directory.", expandsEnvironment: true),
    ], example: "batch: {out: out/run}")
    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var r = SettingsReader(settings, spec: Self.spec)
        try r.finish()
    }
    /// Takes one record (live or rejected).
    public mutating func consume(_ record: ContactRecord) throws {}
    /// Writes what is left and the manifest; returns the ledger.
    public mutating func finish() throws -> Ledger { Ledger(stage: "batch") }
}
