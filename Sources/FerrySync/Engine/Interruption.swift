import Synchronization

/// A request to stop a run early (SIGTERM, SIGINT, an agent shutting down). The run
/// finishes the object it is writing, then stops at the next step boundary, records
/// what it did and what it abandoned, and releases its lease. A run is never cancelled
/// in the middle of a write.
public final class Interruption: Sendable {
    private struct State {
        var reason: String?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    public init() {}

    /// Why the run was asked to stop (`SIGTERM`), or nil.
    public var reason: String? { state.withLock { $0.reason } }

    /// Asks the run to stop; the first reason given is kept.
    public func request(_ reason: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when a stop is requested, or when the calling task is cancelled.
    public func wait() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.reason != nil || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
