import ListwashCore

/// `listwash lint`: every problem of a pipeline file in one pass, sorted by position
/// (STYLE §4: Benthos' `LintYAML` returns the whole list). Building the pipeline is the check:
/// each stage validates its own block through its spec, and the linter adds the file-level
/// checks (inputs exist, mapping presets exist, list ids are numbers, no token in the file,
/// custom field columns are in some input).
public enum PipelineLinter {
    /// Every problem of the file at `path`; warnings included.
    public static func lint(path: String, environment: [String: String]) -> [Diagnostic] {
        Pipeline.load(path: path, environment: environment).diagnostics
    }
}
