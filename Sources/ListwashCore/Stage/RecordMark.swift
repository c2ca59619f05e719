import Synchronization

/// Numbers for the marks a stage leaves on records it looked at ahead, on another thread
/// (`listwash run`'s reading thread): the exclusion clearance (``ContactRecord/exclusionClearance``)
/// and the dedupe key's fingerprint (``ContactRecord/premarkedKey(_:)``). Each stage takes a
/// fresh number when it is built, which its copies share; a mark left by another stage is then
/// never taken for its own. Never 0, which stands for no mark.
public enum RecordMark {
    /// A number no stage of this process has had.
    public static func next() -> UInt32 { counter.add(1, ordering: .relaxed).newValue }
    private static let counter = Atomic<UInt32>(0)
}
