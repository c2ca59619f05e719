import Foundation
import ListwashCore
#if canImport(Glibc)
import Glibc
#endif

/// The API token. Read from an environment variable or a file, never from a flag's value; it
/// prints as `<redacted>` everywhere (descriptions, debug output, string interpolation).
public struct APIToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }

    /// Whether `text` holds the token (as is or percent-encoded): text that must then never be
    /// stored or printed. A token shorter than 12 characters (real ones have 72; short ones are
    /// test stand-ins) is not looked for: it would be found in ordinary text.
    public func appears(in text: String) -> Bool {
        guard value.count >= 12 else { return false }
        return text.contains(value) || (text.removingPercentEncoding ?? "").contains(value)
    }
    public var debugDescription: String { "<redacted>" }

    /// Reads the token from environment variable `name`.
    public static func fromEnvironment(_ name: String, environment: [String: String]) throws(SubmitError) -> APIToken {
        guard let raw = environment[name] else {
            throw .usage("no API token: environment variable '\(name)' is not set", fix: "export \(name)=… (or use --token-env NAME / --token-file FILE)")
        }
        let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !v.isEmpty else {
            throw .usage("no API token: environment variable '\(name)' is set but empty", fix: "export \(name)=… with the account's API token (Settings > Developer)")
        }
        return APIToken(v)
    }

    /// Reads the token from the first line of `path`. A file other users may read (group or
    /// world permissions) gets a warning on stderr with the fix; the token itself is never shown.
    public static func fromFile(_ path: String) throws(SubmitError) -> APIToken {
        if let warning = permissionWarning(path) { printError(warning) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read token file '\(path)'")
        }
        // A byte order mark (Notepad's UTF-8) is not part of the token.
        let text = String(decoding: data.starts(with: UTF8ByteOrderMark.bytes) ? data.dropFirst(3) : data[...], as: UTF8.self)
        let v = text.split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard !v.isEmpty else { throw .usage("token file '\(path)' is empty") }
        return APIToken(v)
    }

    /// The warning for a token file readable or writable by others (`mode & 0o077`), or nil.
    public static func permissionWarning(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }  // unreadable: fromFile reports it
        let mode = st.st_mode & 0o777
        guard mode & 0o077 != 0 else { return nil }
        let octal = String(mode, radix: 8)
        return "listwash: warning: other users have access to token file '\(path)' (mode \(octal)) [token_file_permissions]\n  fix: chmod 600 '\(path)'"
    }
}

/// The API token's environment variable and its value: a `${NAME}` naming either is never
/// expanded into a setting, because settings are written to files (batch files, the manifest,
/// the ledger). Shared by the pipeline file's expansion and the batch flags' own.
public struct TokenSecret: Sendable {
    public let variable: String
    public let value: String?

    public init(variable: String, value: String?) {
        self.variable = variable
        self.value = value
    }

    /// The secret of `variable` with its value from `environment` (an empty value counts as none).
    public init(variable: String, environment: [String: String]) {
        self.init(variable: variable, value: environment[variable].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Whether `${name}` would expand to the token: it names the token's variable, or another
    /// variable holding the same value.
    public func isToken(_ name: String, environment: [String: String]) -> Bool {
        name == variable || (value != nil && environment[name] == value)
    }
}
