import Foundation

/// The time source the controllers read and set timers on: the wall clock in the
/// server; in tests a manual one that moves only when the test advances it, so that
/// start-up delays, minReadySeconds and progress deadlines are exercised without
/// waiting and without depending on how loaded the machine is.
public struct ClusterClock: Sendable {
    /// The current time, as written into timestamps and compared with them.
    public var now: @Sendable () -> Date
    /// Suspends for a duration of this clock's time; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Runs an action once a duration of this clock's time has passed, unless the
    /// returned timer is cancelled first. The controllers' delayed work goes through
    /// here, so a manual clock knows of every timer the moment it is set.
    public var schedule: @Sendable (Duration, @escaping @Sendable () -> Void) -> ClusterTimer

    /// A clock from its operations.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
                schedule: @escaping @Sendable (Duration, @escaping @Sendable () -> Void) -> ClusterTimer) {
        self.now = now
        self.sleep = sleep
        self.schedule = schedule
    }

    /// A clock whose timers are tasks that sleep on `sleep`.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.init(now: now, sleep: sleep) { delay, action in
            let task = Task {
                do { try await sleep(delay) } catch { return }
                action()
            }
            return ClusterTimer { task.cancel() }
        }
    }

    /// The wall clock.
    public static let system = ClusterClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}

/// A pending ``ClusterClock/schedule`` action.
public struct ClusterTimer: Sendable {
    /// Stops the action from running, if it has not yet.
    public let cancel: @Sendable () -> Void

    /// A timer cancelled by `cancel`.
    public init(cancel: @escaping @Sendable () -> Void) {
        self.cancel = cancel
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) * 1e-18
    }
}
