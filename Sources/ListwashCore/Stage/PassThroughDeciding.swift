/// A stage that can tell from a few properties that a record passes through it unchanged.
///
/// `dedupe` (first survivor, no union) and `exclude` let most records through untouched and
/// look only at the email to know it. As a command in a shell pipe, such a stage is given each
/// record decoded with only ``decidingFields`` (``RecordStream/next(wanting:offering:)``) and its line is
/// written on as read; only the records it cannot pass (duplicates, excluded addresses) are
/// decoded whole and go through ``Stage/process(_:into:)``. Decoding was 44% of `dedupe` and
/// 59% of `exclude` on the 1M-row benchmark, most of it making strings no one read.
public protocol PassThroughDeciding: Stage {
    /// The properties ``passesUnchanged(_:)`` reads, or nil when this stage, as configured,
    /// needs whole records (then the command decodes every record whole).
    var decidingFields: RecordFieldSet? { get }

    /// Called with a live record that may have only ``decidingFields``. Returns true when
    /// `process` would emit exactly this record, unchanged and nothing else, having recorded
    /// what `process` would (a survivor in the dedupe index); returns false, having changed
    /// nothing, when the record needs `process`, which is then given it whole.
    mutating func passesUnchanged(_ record: ContactRecord) -> Bool

    /// Whether this stage, as configured, decides from the email alone and can do it from the
    /// email's bytes (``passesUnchanged(email:source:)``): the command then only glances at
    /// plain lines (``RecordGlance``), making no record for those it passes.
    var decidesFromEmailBytes: Bool { get }

    /// ``passesUnchanged(_:)`` for a live record given as its email, valid UTF-8 and not empty
    /// (nil when it has none), and its source: the same answer, recording the same.
    mutating func passesUnchanged(email: UnsafeBufferPointer<UInt8>?, source: Provenance) -> Bool
}

extension PassThroughDeciding {
    public var decidesFromEmailBytes: Bool { false }
    public mutating func passesUnchanged(email: UnsafeBufferPointer<UInt8>?, source: Provenance) -> Bool { false }
}

extension StageRunner where S: PassThroughDeciding {
    /// Passes `record` to `sink` when it was rejected upstream or the stage passes it
    /// unchanged, counting it in the ledger; returns false, counting nothing, when it must be
    /// ``push(_:to:)``ed whole instead.
    @inlinable
    public mutating func passIfUnchanged(_ record: ContactRecord, to sink: (ContactRecord) throws -> Void) rethrows -> Bool {
        guard record.isRejected || stage.passesUnchanged(record) else { return false }
        counted.input += 1
        counted.countOut(record)
        try sink(record)
        return true
    }

    /// ``passIfUnchanged(_:to:)`` for a line glanced at (``RecordGlance``) with its email's
    /// bytes: counts it and returns true when it was rejected upstream or the stage passes it,
    /// for the caller to write the line on; returns false, counting nothing, otherwise.
    @inlinable
    public mutating func passIfUnchanged(_ glance: RecordGlance, email: UnsafeBufferPointer<UInt8>?) -> Bool {
        guard glance.reject != nil || stage.passesUnchanged(email: email, source: glance.source) else { return false }
        counted.input += 1
        counted.countOut(reject: glance.reject)
        return true
    }
}
