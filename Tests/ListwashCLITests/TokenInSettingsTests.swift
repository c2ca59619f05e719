import Foundation
import Testing
import ListwashTestSupport

/// The API token never reaches a setting that is stored or printed.
struct TokenInSettingsTests {
    /// A base URL carrying the token would be stored in the ledger and printed by `status`:
    /// refused, without printing it, on the command line and in a pipeline file; and a callback
    /// or header may not expand the token's variable into the batch files.
    @Test func theTokenIsRefusedInURLsAndCallbacks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let token = "0123456789abcdef0123456789abcdef"
        let env = ["AC_API_TOKEN": token]
        let cli = try Listwash.run(["submit", dir.path, "--base-url", "http://127.0.0.1:9/?api_token=\(token)"], environment: env)
        #expect(cli.status == 64)
        #expect(cli.stderr.contains("holds the API token"))
        #expect(!cli.stderr.contains(token) && !cli.stdout.contains(token))

        _ = try dir.write("in.csv", "Email\na@x.com\n")
        let yaml = try dir.write("p.yaml", """
        version: 1
        inputs:
          - path: in.csv
        batch:
          out: out
          callback:
            url: "https://hooks.example.com/x?t=${AC_API_TOKEN}"
        submit:
          base_url: "http://127.0.0.1:9/${AC_API_TOKEN}"
        """)
        let lint = try Listwash.run(["lint", yaml], environment: env)
        #expect(lint.status == 64)
        #expect(lint.stdout.components(separatedBy: "[token_in_setting]").count + lint.stderr.components(separatedBy: "[token_in_setting]").count - 2 == 2,
                "\(lint.stdout)\(lint.stderr)")
        #expect(!lint.stderr.contains(token) && !lint.stdout.contains(token))
        let run = try Listwash.run(["run", yaml, "--dry-run"], environment: env)
        #expect(run.status == 64)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/manifest.json"))
    }
}
