/// A records-in, records-out step of the pipeline (DESIGN §3): built once from validated
/// settings, then given one record at a time and an end-of-stream call, where stateful stages
/// (non-streaming dedupe) flush. A bad record becomes a reject; a stage never throws for a record.
///
/// Rejected records never reach `process`: ``StageRunner`` passes them through untouched.
public protocol Stage {
    /// The registry name (`normalize`, `dedupe`, `exclude`), used as `Reject.stage`.
    var name: String { get }
    /// `record` is consumed: a stage that changes it changes the caller's only copy in place.
    mutating func process(_ record: consuming ContactRecord, into out: inout StageOutput)
    mutating func finish(into out: inout StageOutput)
    /// What a person wants next to the stage's counts (`exclude`: how many entries it loaded).
    var facts: [KeyValue] { get }
}

extension Stage {
    public mutating func finish(into out: inout StageOutput) {}
    public var facts: [KeyValue] { [] }
}

/// What a stage emits for the records it was given: live records and rejects, in order.
public struct StageOutput {
    public internal(set) var records: [ContactRecord] = []
    public init() {}

    /// Passes a record on.
    public mutating func emit(_ record: consuming ContactRecord) { records.append(record) }

    /// Takes a record out of the flow with a reason.
    public mutating func reject(_ record: consuming ContactRecord, _ reject: Reject) { records.append(record.rejected(reject)) }

    /// Empties the buffer, keeping its storage (no allocation once the iteration that read it is over).
    @usableFromInline mutating func clear() {
        // Nearly always one record: `removeLast` frees it directly, where `removeAll` went
        // through the generic `replaceSubrange`.
        if records.count == 1 { records.removeLast() } else { records.removeAll(keepingCapacity: true) }
    }
}

/// Drives one stage: passes rejects through, keeps the ledger, and checks conservation.
///
/// `push` and `finish` are inlinable so that they are specialized for each stage where they are
/// called: unspecialized, every call looked up the runner's generic type metadata to find its
/// fields (1–2 % of a stage process on 1M records).
public struct StageRunner<S: Stage> {
    public var stage: S
    public var ledger: Ledger {
        var l = counted
        l.facts += stage.facts
        return l
    }
    @usableFromInline var counted: Ledger
    @usableFromInline var out = StageOutput()

    public init(_ stage: S) {
        self.stage = stage
        counted = Ledger(stage: stage.name)
    }

    /// Feeds one record; everything the stage emits for it goes to `sink`.
    @inlinable
    public mutating func push(_ record: consuming ContactRecord, to sink: (ContactRecord) throws -> Void) rethrows {
        counted.input += 1
        if record.isRejected {
            counted.countOut(record)
            try sink(record)
            return
        }
        stage.process(consume record, into: &out)
        defer { out.clear() }
        for r in out.records {
            counted.countOut(r)
            try sink(r)
        }
    }

    /// Ends the stream; what the stage flushes goes to `sink` (part by part for a stage that
    /// ``FinishesInParts``).
    @inlinable
    public mutating func finish(to sink: (ContactRecord) throws -> Void) rethrows {
        repeat {
            stage.finish(into: &out)
            defer { out.clear() }
            for r in out.records {
                counted.countOut(r)
                try sink(r)
            }
        } while (stage as? any FinishesInParts)?.hasMoreToFinish == true
    }
}
