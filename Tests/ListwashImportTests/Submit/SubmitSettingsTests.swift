import Foundation
import ListwashCore
import ListwashImport
import Testing

/// The `submit:` settings, read through the spec like every stage.
struct SubmitSettingsTests {
    func build(_ flags: [String], env: [String: String]) throws(DiagnosticList) -> SubmitConfiguration {
        let node = try FlagParser.parse(flags, spec: SubmitSettings.spec)
        return try SubmitSettings.configuration(settings: node, context: StageContext(environment: env), directory: "out")
    }

    @Test func settingsBuildAConfigurationWithTheTokenFromTheEnvironment() throws {
        let c = try build(["--base-url", "${AC_BASE_URL}/api/3", "--imports-per-minute", "50"],
                          env: ["AC_BASE_URL": "http://127.0.0.1:8930", "AC_API_TOKEN": testToken])
        #expect(c.baseURL.absoluteString == "http://127.0.0.1:8930")
        #expect(c.limits.importsPerMinute == 50)
        #expect(c.ledgerPath == "out/ledger.sqlite")
        #expect(!"\(c.token)".contains(testToken))
    }

    @Test func everyProblemIsReportedAtOnceAndLimitsCannotBeRaised() {
        do {
            _ = try build(["--account", "acme", "--imports-per-minute", "500"], env: [:])
            Issue.record("expected diagnostics")
        } catch {
            let codes = error.diagnostics.map(\.code)
            #expect(codes.contains("token_missing"))
            #expect(codes.contains("invalid_value"))
            #expect(error.description.contains("AC_API_TOKEN"))
        }
    }

    @Test func anAccountNameBecomesItsAPIHost() throws {
        let c = try build(["--account", "acme"], env: ["AC_API_TOKEN": "t"])
        #expect(c.baseURL.absoluteString == "https://acme.api-us1.com")
    }
}
