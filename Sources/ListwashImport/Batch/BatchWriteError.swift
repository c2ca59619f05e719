/// Why the batch writer stopped: its output could not be written, or a batch failed the API's
/// rules after packing (a bug: the run stops rather than leave a request the API would refuse).
public enum BatchWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    case directory(path: String, message: String)
    case write(path: String, message: String)
    case invalidBatch(file: String, problems: [String])
    /// Another process writes batches into the folder or sends them (``BatchFolderLock``).
    case busy(path: String)

    public var description: String {
        switch self {
        case let .directory(path, message), let .write(path, message):
            return "'\(path)': \(message) [output_failed]"
        case let .busy(path):
            return "'\(path)': another listwash is writing batches into this folder or sending them (batch, run, audit or submit); two at once would mix their files [output_busy]\n  fix: wait for it to finish (or stop it), then run this command again; or write to another folder with -o"
        case let .invalidBatch(file, problems):
            return "internal error: \(file) breaks the bulk-import rules: \(problems.joined(separator: "; ")); nothing more was written, please report this [batch_invalid]"
        }
    }
}
