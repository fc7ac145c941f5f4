import Synchronization

/// Counts the controllers' outstanding work: store events accepted by the manager's
/// watch but not yet routed to the work queues, and keys queued or being reconciled.
/// Whoever creates work counts it before finishing the work that created it (a
/// reconcile's writes are counted by the watch filter, under the store's lock, before
/// the reconcile ends), so the count is zero only when nothing is left to do until a
/// timer fires or someone else writes: what a test on a manual clock waits for before
/// it advances time. Two atomic additions per unit of work, so it is always on.
final class ControllerActivity: Sendable {
    private let pending = Atomic<Int>(0)
    private let started = Atomic<Bool>(false)

    /// Counts `count` new units of work.
    func begin(_ count: Int = 1) {
        pending.wrappingAdd(count, ordering: .sequentiallyConsistent)
    }

    /// Counts `count` units of work done.
    func end(_ count: Int = 1) {
        pending.wrappingSubtract(count, ordering: .sequentiallyConsistent)
    }

    /// Marks the manager as watching, with everything stored before queued.
    func markStarted() {
        started.store(true, ordering: .sequentiallyConsistent)
    }

    /// Whether the manager has started and has nothing left to do.
    var isIdle: Bool {
        started.load(ordering: .sequentiallyConsistent) && pending.load(ordering: .sequentiallyConsistent) == 0
    }
}

/// What one watch of the manager's accepted, so that the events a watch cut off
/// for falling behind never delivered can be written off.
final class WatchProgress: Sendable {
    private let accepted = Atomic<Int>(0)
    private let routed = Atomic<Int>(0)

    func accept() { accepted.wrappingAdd(1, ordering: .sequentiallyConsistent) }
    func route() { routed.wrappingAdd(1, ordering: .sequentiallyConsistent) }

    /// Events accepted and never routed; final once the watch is cancelled.
    var undelivered: Int {
        accepted.load(ordering: .sequentiallyConsistent) - routed.load(ordering: .sequentiallyConsistent)
    }
}
