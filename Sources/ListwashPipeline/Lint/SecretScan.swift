import ListwashCore

/// Finds API tokens written into a pipeline file: keys named like a secret, and values that look
/// like an ActiveCampaign token (a long run of hex digits) in the `submit:` block or under a
/// token key. Messages never repeat the value.
enum SecretScan {
    static let secretKeys: Set<String> = ["token", "api_token", "api_key", "apikey", "key", "secret", "password", "api-token"]

    static func scan(_ root: SettingNode) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for m in root.members ?? [] {
            walk(m.node, key: m.key, keyPosition: m.keyPosition, inSubmit: m.key == "submit", into: &out)
        }
        return out
    }

    private static func walk(_ node: SettingNode, key: String, keyPosition: SourcePosition?, inSubmit: Bool, into out: inout [Diagnostic]) {
        switch node.value {
        case .scalar(let s):
            let tokenKey = secretKeys.contains(key.lowercased())
            if (tokenKey && inSubmit && !s.isEmpty) || ((inSubmit || key.lowercased().contains("token")) && looksLikeToken(s)) {
                out.append(Diagnostic(at: node.position, "an API token is written in the pipeline file", code: "token_in_file",
                                      notes: ["a token in a file ends up in version control and in logs"],
                                      fix: "remove it; set it in an environment variable and name that: 'token_env: AC_API_TOKEN'"))
            }
        case .list(let items):
            for i in items { walk(i, key: key, keyPosition: keyPosition, inSubmit: inSubmit, into: &out) }
        case .map(let members):
            for m in members { walk(m.node, key: m.key, keyPosition: m.keyPosition, inSubmit: inSubmit, into: &out) }
        }
    }

    /// 32 or more hex digits and nothing else (ActiveCampaign tokens are 64 to 72).
    static func looksLikeToken(_ s: String) -> Bool {
        s.utf8.count >= 32 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
    }
}
