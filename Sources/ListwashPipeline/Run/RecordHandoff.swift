import Foundation
import ListwashCore

/// A bounded queue of record chunks from one producer thread to one consumer thread.
///
/// `listwash run` reads and normalizes on one thread, dedupes and excludes on a second, and
/// writes batches on a third. Records cross in chunks so the lock
/// is taken once per chunk, not per record; at most `capacity` chunks wait, so memory stays
/// bounded whichever side is slower.
final class RecordHandoff: @unchecked Sendable {
    /// What the producer hands over: records, the end of its work, or the error that stopped it.
    enum Item {
        case records([ContactRecord])
        case finished
        case failed(any Error)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private let capacity: Int
    private var cancelled = false
    /// Emptied chunks the consumer handed back, for the producer to fill again. A chunk array
    /// (4 KiB) allocated afresh each time made glibc consolidate the producer's heap of small
    /// freed blocks first: 2 % of `listwash run` in `malloc_consolidate`.
    private var spares: [[ContactRecord]] = []
    private let chunkCapacity: Int

    init(capacity: Int = 4, chunkCapacity: Int) {
        self.capacity = capacity
        self.chunkCapacity = chunkCapacity
    }

    /// An empty chunk to fill: one handed back by the consumer, emptied here, or a new one.
    ///
    /// Emptying releases the consumer's last references to the records: their memory is freed
    /// on the producer's thread, which allocated it, unless the consumer freed them itself
    /// because it had time to spare (``recycle(_:)``). Freeing records was 6 % of the consuming
    /// thread of `listwash run`.
    func emptyChunk() -> [ContactRecord] {
        condition.lock()
        let spare = spares.popLast()
        condition.unlock()
        if var spare {
            spare.removeAll(keepingCapacity: true)
            return spare
        }
        var chunk: [ContactRecord] = []
        chunk.reserveCapacity(chunkCapacity)
        return chunk
    }

    /// Hands a chunk the consumer is done with back to the producer, records and all; or
    /// emptied, when no chunk waits for the consumer (it is about to wait for the producer, so
    /// it frees the records itself and the busier producer does not).
    func recycle(_ chunk: consuming [ContactRecord]) {
        var chunk = consume chunk  // a move: emptying a shared array would only make a new one
        if !isBacklogged { chunk.removeAll(keepingCapacity: true) }
        condition.lock()
        if spares.count <= capacity + 1 { spares.append(chunk) }
        condition.unlock()
    }

    /// Waits for room and enqueues `item`; returns false when the consumer has cancelled.
    @discardableResult
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for the next item.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count { condition.wait() }
        let item = items[head]
        items[head] = .finished  // drops the queue's reference to the records
        head += 1
        if head > 64 { items.removeFirst(head); head = 0 }
        condition.broadcast()
        return item
    }

    /// Tells the producer to stop (the consumer failed); wakes it if it waits for room.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Whether a chunk handed over still waits for the consumer: the consumer is behind the
    /// producer. (When none waits, the consumer is waiting for the producer.)
    var isBacklogged: Bool {
        condition.lock()
        defer { condition.unlock() }
        return items.count > head
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}

/// A thread that runs one closure and can be waited for.
final class WorkerThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var thread: Thread?

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let done = self.done
        let t = Thread {
            body()
            done.signal()
        }
        t.name = name
        t.stackSize = 8 << 20
        thread = t
        t.start()
    }

    private var joined = false

    /// Waits until the closure has returned (at once when already joined). Call it from the
    /// thread that started the worker.
    func join() {
        if joined { return }
        done.wait()
        joined = true
    }
}
