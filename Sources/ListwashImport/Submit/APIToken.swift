import Foundation

/// The API token. Read from an environment variable or a file, never from a flag's value; it
/// prints as `<redacted>` everywhere (descriptions, debug output, string interpolation).
public struct APIToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// Reads the token from environment variable `name`.
    public static func fromEnvironment(_ name: String, environment: [String: String]) throws(SubmitError) -> APIToken {
        guard let v = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
            throw .usage("no API token: environment variable '\(name)' is not set", fix: "export \(name)=… (or use --token-env NAME / --token-file FILE)")
        }
        return APIToken(v)
    }

    /// Reads the token from the first line of `path`.
    public static func fromFile(_ path: String) throws(SubmitError) -> APIToken {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read token file '\(path)'")
        }
        let v = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard !v.isEmpty else { throw .usage("token file '\(path)' is empty") }
        return APIToken(v)
    }
}
