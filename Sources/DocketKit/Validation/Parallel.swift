import Dispatch

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
