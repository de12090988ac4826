import Foundation

/// `body(0) ... body(count - 1)` on up to as many threads as there are cores; results in index order, whatever
/// order the threads ran in. `body` must be safe to run concurrently (it reads shared values and writes only
/// what it returns).
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let results = ConcurrentSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in results.set(i, body(i)) }
    return results.values
}

/// `body(0) ... body(count - 1)`, each on a thread of its own (the first on the calling thread); results in index
/// order. For a few long tasks of similar length, more of them than cores: the system shares the cores between them,
/// so 3 simulations on 2 cores all end after about 1.5 simulations' time, where 2 threads take 2 (the third starts
/// only when one ends). `body` must be safe to run concurrently, as for `concurrentMap`.
func threadPerTaskMap<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let others = (1..<count).map { i in OnOwnThread { body(i) } }
    return [body(0)] + others.map(\.value)
}

/// A value worked out on a thread of its own, started at once; `value` waits for it.
public final class OnOwnThread<T: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the thread before `done` is left; read only after waiting on it.
    private var result: T?

    public init(_ work: @escaping @Sendable () -> T) {
        done.enter()
        Thread { [self] in
            result = work()
            done.leave()
        }.start()
    }

    public var value: T {
        done.wait()
        return result!
    }
}

/// One slot per index, written by the thread that computed it.
private final class ConcurrentSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }
    var values: [T] { lock.withLock { slots.map { $0! } } }
}
