import Foundation

/// The time source the controllers read and sleep on: the wall clock in the server,
/// an accelerated one in tests, so that start-up delays, minReadySeconds and
/// progress deadlines are exercised without slow tests.
public struct ClusterClock: Sendable {
    /// The current time, as written into timestamps and compared with them.
    public var now: @Sendable () -> Date
    /// Suspends for a duration of this clock's time; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// A clock from its two operations.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The wall clock.
    public static let system = ClusterClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })

    /// A clock that runs `factor` times faster than the wall clock, starting at `origin`:
    /// one second of its time passes in `1/factor` real seconds.
    public static func accelerated(by factor: Double, from origin: Date = Date()) -> ClusterClock {
        let speed = max(factor, 1e-6)
        let start = ContinuousClock.now
        return ClusterClock(
            now: { origin.addingTimeInterval((ContinuousClock.now - start).timeInterval * speed) },
            sleep: { duration in try await Task.sleep(for: .seconds(duration.timeInterval / speed)) })
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) * 1e-18
    }
}
