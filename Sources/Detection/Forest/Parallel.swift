internal import Dispatch

/// Fork-join helpers over Dispatch's thread pool, with a fixed split of the work so results never
/// depend on scheduling.
enum Parallel {
    /// Calls `body` on contiguous ranges covering `0..<count`, on up to `threads` threads at once.
    static func forEachRange(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let workers = max(1, min(threads, count))
        if workers == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            body(count * worker / workers..<count * (worker + 1) / workers)
        }
    }

    /// `transform(0..<count)` computed on up to `threads` threads, in index order.
    static func map<T>(count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(transform) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = Slots(buffer: slots)
        forEachRange(count: count, threads: workers) { range in
            for index in range { shared.buffer[index] = transform(index) }
        }
        return slots.compactMap { $0 }
    }
}

/// Result slots written by parallel workers. Safe to share: each index is written by exactly one
/// worker, and read only after all of them have finished.
private struct Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
}
