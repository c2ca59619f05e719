import ListwashCore

/// Fingerprints records' dedupe keys ahead of a ``DedupeStage``, on another thread: `listwash
/// run` marks each record on its reading thread, and the stage on the other thread takes the
/// fingerprint left with the record (``ContactRecord/premarkedKey(_:)``) instead of folding the
/// key again. A record changed in between has lost the mark, so the stage folds its key then.
/// Made by ``DedupeStage/keyMarker``; it carries its own copy of the key (and scratch buffer).
public struct DedupeKeyMarker {
    var key: DedupeKey
    /// The mark it leaves (``ContactRecord/premarkedKey(_:)``): its stage's, never 0.
    public let id: UInt32

    /// Leaves the fingerprint of `record`'s key with it; a rejected record, or one with no key,
    /// is left as it is.
    public mutating func mark(_ record: inout ContactRecord) {
        guard !record.isRejected, let f = key.fingerprint(of: record) else { return }
        record.markKey(id, hi: f.hi, lo: f.lo)
    }
}
