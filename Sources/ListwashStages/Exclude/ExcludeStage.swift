import ListwashCore

/// Placeholder: passes records through unchanged until the real stage lands.
public struct ExcludeStage: ConfigurableStage {
    public static let spec = StageSpec(name: "exclude", summary: "Drop or restrict contacts matched by exclusion lists.", settings: [], example: "exclude: {}")
    public let name = "exclude"
    public init(settings: SettingNode, context: StageContext) throws(DiagnosticList) {
        var r = SettingsReader(settings, spec: Self.spec)
        try r.finish()
    }
    public mutating func process(_ record: ContactRecord, into out: inout StageOutput) { out.emit(record) }
}
