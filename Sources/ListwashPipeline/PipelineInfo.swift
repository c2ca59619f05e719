import ListwashCore
import ListwashParsers
import ListwashStages
import ListwashImport

/// Placeholder for pipeline files.
public enum PipelineInfo {
    public static let summary = "Declarative pipeline files."
}
