import ListwashCore

/// Placeholder: passes records through unchanged until the real stage lands.
public struct NormalizeStage: ConfigurableStage {
    public static let spec = StageSpec(name: "normalize", summary: "Normalize emails, phones, names, tags, custom fields and dates.", settings: [], example: "normalize: {}")
    public let name = "normalize"
    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var r = SettingsReader(settings, spec: Self.spec)
        try r.finish()
    }
    public mutating func process(_ record: ContactRecord, into out: inout StageOutput) { out.emit(record) }
}
