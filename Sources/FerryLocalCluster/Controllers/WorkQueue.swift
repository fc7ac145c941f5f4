import Foundation
import Synchronization

/// A controller's queue of keys to reconcile, in the manner of client-go's workqueue:
/// a key waiting to be processed is held once however often it is added, a key added
/// while it is being processed is processed again afterwards, and keys can be added
/// after a delay (timers on the cluster clock) or with per-key exponential back-off.
///
/// One consumer iterates ``items``; it calls ``begin(_:)`` when it takes a key and
/// ``done()`` when it has finished with it (requeues included).
final class WorkQueue<Item: Hashable & Sendable>: Sendable {
    private struct Timer {
        var due: Date
        var id: Int
        var timer: ClusterTimer
    }

    private struct State {
        var queued: Set<Item> = []
        var timers: [Item: Timer] = [:]
        var failures: [Item: Int] = [:]
        var nextTimerID = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let clock: ClusterClock
    private let activity: ControllerActivity?
    private let continuation: AsyncStream<Item>.Continuation
    /// The keys to process, each yielded once per time it was (re)queued.
    let items: AsyncStream<Item>

    /// A queue whose timers run on `clock`; `activity` counts each key from when it is
    /// queued until the consumer is ``done()`` with it.
    init(clock: ClusterClock, activity: ControllerActivity? = nil) {
        self.clock = clock
        self.activity = activity
        (items, continuation) = AsyncStream<Item>.makeStream()
    }

    /// Queues a key now, unless it is already waiting.
    func add(_ item: Item) {
        state.withLock { state in
            guard !state.closed, state.queued.insert(item).inserted else { return }
            activity?.begin()
            continuation.yield(item)
        }
    }

    /// Queues a key once `delay` of clock time has passed. An earlier timer for the
    /// same key wins; a later one is replaced by this one.
    func add(_ item: Item, after delay: Duration) {
        guard delay > .zero else { return add(item) }
        let due = clock.now().addingTimeInterval(delay.timeInterval)
        state.withLock { state in
            guard !state.closed else { return }
            if let existing = state.timers[item] {
                if existing.due <= due { return }
                existing.timer.cancel()
            }
            let id = state.nextTimerID
            state.nextTimerID += 1
            let timer = clock.schedule(delay) { [weak self] in self?.fire(item, id: id) }
            state.timers[item] = Timer(due: due, id: id, timer: timer)
        }
    }

    private func fire(_ item: Item, id: Int) {
        state.withLock { state in
            if state.timers[item]?.id == id { state.timers[item] = nil }
        }
        add(item)
    }

    /// Marks a key as taken by the consumer: adding it again queues it anew.
    func begin(_ item: Item) {
        _ = state.withLock { $0.queued.remove(item) }
    }

    /// Marks the consumer as finished with the key it took last (after any requeue).
    func done() {
        activity?.end()
    }

    /// Forgets a key's failures after a successful reconcile.
    func succeeded(_ item: Item) {
        _ = state.withLock { $0.failures.removeValue(forKey: item) }
    }

    /// Records a failure and requeues the key with exponential back-off: 5 ms doubling
    /// to at most 30 s (client-go's per-item limiter, with a lower ceiling).
    func failed(_ item: Item) {
        let attempts = state.withLock { state -> Int in
            state.failures[item, default: 0] += 1
            return state.failures[item, default: 1]
        }
        let milliseconds = min(5.0 * pow(2.0, Double(min(attempts - 1, 30))), 30_000)
        add(item, after: .milliseconds(Int64(milliseconds)))
    }

    /// Stops the queue: timers are cancelled and iteration of ``items`` ends.
    func shutDown() {
        let timers = state.withLock { state -> [Timer] in
            state.closed = true
            defer { state.timers = [:] }
            return Array(state.timers.values)
        }
        for timer in timers { timer.timer.cancel() }
        continuation.finish()
    }

    /// Keys waiting, due or not (for tests).
    var pendingCount: Int { state.withLock { $0.queued.count + $0.timers.count } }
}
