import ListwashCore

/// Placeholder: passes records through unchanged until the real stage lands.
public struct DedupeStage: ConfigurableStage {
    public static let spec = StageSpec(name: "dedupe", summary: "Fold duplicate contacts by key with a merge policy.", settings: [], example: "dedupe: {}")
    public let name = "dedupe"
    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var r = SettingsReader(settings, spec: Self.spec)
        try r.finish()
    }
    public mutating func process(_ record: ContactRecord, into out: inout StageOutput) { out.emit(record) }
}
