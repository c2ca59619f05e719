import ListwashCore

/// Sees every record leaving the last step a run makes (live or rejected: a rejected record is
/// passed through to the end, so one observation point sees everything once). The audit
/// collects through it; a plain run uses ``NoObserver``, which compiles to nothing, so only
/// `audit` pays for collection.
public protocol PipelineObserver {
    mutating func observe(_ record: ContactRecord)
}

/// The observer of a plain run: does nothing.
public struct NoObserver: PipelineObserver {
    public init() {}
    @inlinable public mutating func observe(_ record: ContactRecord) {}
}
