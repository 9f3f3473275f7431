import Dispatch
import Foundation

/// Runs `body` for every index in `0..<count` on all cores and returns the
/// results in index order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let buffer = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    buffer.initialize(repeating: nil)
    defer { buffer.deallocate() }
    let slots = UnsafeSlots(buffer: buffer)
    let chunk = max(1, min(256, count / 64))
    let chunks = (count + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: chunks) { chunkIndex in
        let start = chunkIndex * chunk
        for index in start..<min(count, start + chunk) {
            slots.buffer[index] = body(index)
        }
    }
    // Move the results out: no extra retain and release per element, and the
    // buffer holds nothing when it is deallocated.
    let base = buffer.baseAddress!
    return (0..<count).map { (base + $0).move()! }
}

/// `@unchecked Sendable`: each index is written by exactly one worker and read only after
/// every worker finished, so sharing the buffer is safe.
private struct UnsafeSlots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
}

/// Runs `produce` on a thread of its own and `body` on all cores for every item it hands
/// to `emit`, as soon as it does (checking starts while the walk still lists files), and
/// returns the results in the order the items were produced.
///
/// The producer waits while `pending` items are listed and not yet taken: the walk runs ahead
/// of the checks, and the files it lists are held only until a worker takes them.
func parallelStream<Item: Sendable, T: Sendable>(pending: Int = 8192,
                                                 _ produce: @escaping @Sendable (_ emit: (Item) -> Void) -> Void,
                                                 _ body: @Sendable (Item) -> T) -> [T] {
    var results: [T] = []
    parallelStream(pending: pending, produce, body, survey: { batches in
        results.reserveCapacity(batches.reduce(0) { $0 + $1.count })
    }, inOrder: { results.append($0) })
    return results
}

/// `parallelStream(pending:_:_:)` that hands each result to `inOrder` (on the calling thread,
/// after every item was checked, in the order the items were produced) instead of collecting
/// them: a caller that keeps only part of each result never holds a second array of them all.
/// `survey` sees every result first, in order and in batches (to count what to reserve).
func parallelStream<Item: Sendable, T: Sendable>(pending: Int = 8192,
                                                 _ produce: @escaping @Sendable (_ emit: (Item) -> Void) -> Void,
                                                 _ body: @Sendable (Item) -> T,
                                                 survey: ([[T]]) -> Void,
                                                 inOrder: (T) -> Void) {
    var ordered = parallelStreamBatches(pending: pending, produce, body)
    survey(ordered)
    for position in ordered.indices {
        let batch = ordered[position]
        ordered[position] = []
        for result in batch { inOrder(result) }
    }
}

/// `parallelStream(pending:_:_:)` with the results in the batches the workers made, in the
/// order the items were produced: a caller that reads them in place copies none of them.
func parallelStreamBatches<Item: Sendable, T: Sendable>(pending: Int = 8192,
                                                        _ produce: @escaping @Sendable (_ emit: (Item) -> Void) -> Void,
                                                        _ body: @Sendable (Item) -> T) -> [[T]] {
    let feed = Feed<Item>(pending: max(pending, 2 * Feed<Item>.batch))
    // A thread, not a dispatch worker: the walk would take one of the pool's threads
    // from the checks while it waits in readdir.
    let producer = Thread {
        // Handed on a batch at a time: one lock and one wake-up per batch, not per item.
        var listed: [Item] = []
        listed.reserveCapacity(Feed<Item>.batch)
        produce { item in
            listed.append(item)
            if listed.count == Feed<Item>.batch {
                feed.append(contentsOf: listed)
                listed.removeAll(keepingCapacity: true)
            }
        }
        feed.append(contentsOf: listed)
        feed.finish()
    }
    producer.stackSize = 1 << 22
    producer.start()
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    // Each worker keeps its batches' results, each batch with its first position; they are
    // handed on in order afterwards, batch by batch, each freed once handed on (one copy of
    // the results at a time, not two).
    let slots = UnsafeMutableBufferPointer<[(Int, [T])]>.allocate(capacity: workers)
    slots.initialize(repeating: [])
    defer { slots.deinitialize(); slots.deallocate() }
    let perWorker = WorkerSlots(buffer: slots)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var done: [(Int, [T])] = []
        while let (start, items) = feed.take(upTo: Feed<Item>.batch) {
            done.append((start, items.map(body)))
        }
        perWorker.buffer[worker] = done
    }
    var batches: [(Int, [T])] = []
    for worker in 0..<workers {
        batches += perWorker.buffer[worker]
        perWorker.buffer[worker] = []
    }
    batches.sort { $0.0 < $1.0 }
    return batches.map(\.1)
}

/// `@unchecked Sendable`: each worker writes only its own slot, read after all of them finished.
private struct WorkerSlots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
}

/// The items a producer lists, handed to workers in batches in the order listed.
/// `@unchecked Sendable`: every field is read and written with `condition` held.
private final class Feed<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var next = 0
    private var finished = false
    private var waiting = 0
    /// True while the producer waits for workers to take items.
    private var producerWaits = false
    private let pending: Int

    init(pending: Int) { self.pending = pending }
    /// The most items a worker takes at once.
    static var batch: Int { 32 }
    /// Items handed out and no longer held: the position of `items[0]`.
    private var dropped = 0

    func append(contentsOf listed: [Item]) {
        guard !listed.isEmpty else { return }
        condition.lock()
        // Workers sleep only while less than a batch is pending, and at least two are: this wait ends.
        while items.count - next >= pending {
            producerWaits = true
            condition.wait()
        }
        producerWaits = false
        items += listed
        // A waiting worker is woken for a whole batch, not for every file: fewer wake-ups
        // (`finish` wakes them all for the rest).
        if waiting > 0 && items.count - next >= Self.batch { condition.signal() }
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next items (at most `limit`) and the position of the first; nil once the producer
    /// finished and everything was taken. Waits while there is nothing to take yet.
    func take(upTo limit: Int) -> (Int, [Item])? {
        condition.lock()
        defer { condition.unlock() }
        while next == items.count && !finished {
            waiting += 1
            condition.wait()
            waiting -= 1
        }
        guard next < items.count else { return nil }
        let start = next, position = dropped + next
        next = min(items.count, next + limit)
        let taken = Array(items[start..<next])
        // One condition serves the producer and the workers: wake them all, each checks its own wait.
        if producerWaits && items.count - next < pending / 2 { condition.broadcast() }
        // Items handed out are dropped now and then (amortized: when they are most of the
        // array), so the feed holds what is still to check, not every file of the run.
        if next >= 4096 && next * 2 >= items.count {
            items.removeFirst(next)
            dropped += next
            next = 0
        }
        return (position, taken)
    }

    /// The number of items produced; final once `finish` was called.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return dropped + items.count
    }
}
