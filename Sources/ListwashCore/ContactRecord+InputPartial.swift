extension ContactRecord {
    /// The `input_partial` reject for an input read only up to `problem`: not a record, it
    /// stands for the unread rest of `file`, numbered after the last record read (`record`).
    /// `parse` writes it into the pipe and `run` passes it down its stages, so the batch
    /// folder's rejects and manifest say the input was cut short whichever way it was made
    /// (and `submit` refuses the folder without `--allow-partial`).
    public static func inputPartialMarker(_ problem: Diagnostic, file: String, record: Int) -> ContactRecord {
        let line = problem.position?.line ?? 0
        let reason = "the rest of \(file == "-" ? "standard input" : "'\(file)'") after line \(line) was not read (\(problem.message)): the records after it, if any, are in no batch"
        return ContactRecord(source: Provenance(file: file, record: record, line: line)).rejected(
            Reject(code: .inputPartial, stage: "parse", reason: reason, fix: problem.fix ?? "repair or re-export the file and run again"))
    }
}
