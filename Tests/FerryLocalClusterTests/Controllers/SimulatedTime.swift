import Foundation
import Synchronization
@testable import FerryLocalCluster

/// The cluster's time in a test: it moves only when the test advances it, and every
/// timer the controllers set is known here the moment it is set, so a test can run
/// the cluster as a discrete-event simulation (settle, then jump to the next timer)
/// whose outcome never depends on wall time or on how loaded the machine is.
final class SimulatedTime: Sendable {
    private struct Timer {
        var due: Date
        var action: @Sendable () -> Void
    }

    private struct State {
        var now: Date
        /// By id, which is also the order timers were set in (ties fire in that order).
        var timers: [Int: Timer] = [:]
        var nextID = 0
    }

    private let state: Mutex<State>

    /// Time starting at `origin`; a fixed default keeps timestamps the same run to run.
    init(origin: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        state = Mutex(State(now: origin))
    }

    /// The current simulated time.
    var now: Date { state.withLock { $0.now } }

    /// When the earliest pending timer is due, if any is pending.
    var nextDeadline: Date? { state.withLock { $0.timers.values.map(\.due).min() } }

    /// A ``ClusterClock`` reading and setting timers on this time.
    var clock: ClusterClock {
        ClusterClock(now: { self.now }, sleep: { try await self.sleep($0) }, schedule: { self.schedule($0, $1) })
    }

    func schedule(_ delay: Duration, _ action: @escaping @Sendable () -> Void) -> ClusterTimer {
        let id = state.withLock { state -> Int in
            let id = state.nextID
            state.nextID += 1
            state.timers[id] = Timer(due: state.now.addingTimeInterval(delay.timeInterval), action: action)
            return id
        }
        return ClusterTimer { [weak self] in _ = self?.state.withLock { $0.timers.removeValue(forKey: id) } }
    }

    /// Suspends until the time has been advanced by `delay`; throws when cancelled.
    func sleep(_ delay: Duration) async throws {
        let waiter = Waiter()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                guard waiter.wait(continuation) else { return }
                waiter.hold(schedule(delay) { waiter.wake(nil) })
            }
        } onCancel: {
            waiter.wake(CancellationError())
        }
    }

    /// One sleeper: resumed once, by its timer or by cancellation, whichever comes first.
    private final class Waiter: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Void, any Error>?
            var timer: ClusterTimer?
            var done = false
        }

        private let state = Mutex(State())

        /// Keeps the continuation; false (having resumed it) when already cancelled.
        func wait(_ continuation: CheckedContinuation<Void, any Error>) -> Bool {
            let cancelled = state.withLock { state -> Bool in
                if state.done { return true }
                state.continuation = continuation
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
            return !cancelled
        }

        func hold(_ timer: ClusterTimer) {
            let done = state.withLock { state -> Bool in
                state.timer = timer
                return state.done
            }
            if done { timer.cancel() }
        }

        func wake(_ error: (any Error)?) {
            let (continuation, timer) = state.withLock { state in
                state.done = true
                defer { state.continuation = nil }
                return (state.continuation, state.timer)
            }
            if error != nil { timer?.cancel() }
            if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
        }
    }

    /// Moves time to `date` (never backwards), running every timer due by then in the
    /// order they are due, each at its own time, outside the lock.
    func advance(to date: Date) {
        while true {
            let next = state.withLock { state -> Timer? in
                guard let (id, timer) = state.timers.filter({ $0.value.due <= date })
                    .min(by: { ($0.value.due, $0.key) < ($1.value.due, $1.key) }) else {
                    state.now = max(state.now, date)
                    return nil
                }
                state.timers[id] = nil
                state.now = max(state.now, timer.due)
                return timer
            }
            guard let next else { return }
            next.action()
        }
    }
}
