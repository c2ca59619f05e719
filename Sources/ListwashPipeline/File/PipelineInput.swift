import ListwashCore
import ListwashParsers

/// One resolved `inputs:` entry: where to read, how, and where it was written.
public struct PipelineInput: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A contact export read by a parser (CSV, vCard, XML).
        case export
        /// JSON Lines records written by an earlier `listwash parse` (a `.jsonl` path).
        case records
    }

    /// The path as written (after `${VAR}` expansion).
    public var path: String
    /// The path to open: resolved against the pipeline file's folder.
    public var resolvedPath: String
    public var kind: Kind
    public var settings: ParseSettings
    /// Where the entry is written in the pipeline file.
    public var position: SourcePosition?

    /// Opens the right reader for the input.
    public func open() throws(PipelineError) -> any RecordSource {
        do {
            switch kind {
            case .records: return try RecordStreamSource(path: resolvedPath)
            case .export: return try SourceFactory.open(path: resolvedPath, settings: settings)
            }
        } catch let e as PipelineError {
            throw e
        } catch let d as Diagnostic {
            throw .input(d)
        } catch let l as DiagnosticList {
            throw .input(l.diagnostics.first ?? Diagnostic(at: position, "cannot read input '\(path)'", code: "input_unreadable"))
        } catch let e as InputError {
            throw .input(Diagnostic(at: position, "cannot read input '\(e.path)': \(e.message)", code: "input_unreadable"))
        } catch {
            throw .input(Diagnostic(at: position, "cannot read input '\(path)': \(error)", code: "input_unreadable"))
        }
    }
}

/// Reads JSON Lines records (the output of `listwash parse`, or of any stage) as a source, so a
/// pipeline can start from records saved earlier and `listwash audit` can read a pipe.
public struct RecordStreamSource: RecordSource {
    private var stream: RecordStream

    public init(path: String) throws(PipelineError) {
        let input: ByteInput
        do { input = try ByteInput(path: path) } catch {
            throw .input(Diagnostic(at: nil, "cannot read input '\(path)': \(error.message)", code: "input_unreadable"))
        }
        stream = RecordStream(input: input, stage: "parse")
    }

    /// Reads standard input.
    public init(standardInputFor stage: String) {
        stream = RecordStream(input: ByteInput(descriptor: 0, path: "-"), stage: stage)
    }

    public mutating func next() throws -> ContactRecord? { try stream.next() }
    public var facts: [KeyValue] { [KeyValue("format", "listwash records (JSON Lines)")] }
    /// A stream cut in the middle of a line (its writer stopped): read only in part.
    public var partial: [Diagnostic] {
        stream.endedMidLine.map { [Diagnostic(at: nil, $0, code: "input_partial", fix: "run the command that writes the records again")] } ?? []
    }
}
