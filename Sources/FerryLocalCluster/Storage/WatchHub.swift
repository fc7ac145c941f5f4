import NIOConcurrencyHelpers

/// Delivers store events to watchers: a bounded history for resuming from a
/// resourceVersion, and a stream per watcher for what happens next.
public final class WatchHub: Sendable {
    struct State {
        var history: [StoreEvent] = []
        /// Index in `history` of the oldest event (the history is a ring once full).
        var start = 0
        /// The resourceVersion just before the oldest event kept: a watch may resume from here or later.
        var oldestResumable: Int64
        var watchers: [Int: Watcher] = [:]
        var nextID = 0
    }

    struct Watcher {
        /// The resourceVersion the watch starts after. A commit shows its object to
        /// reads just before it publishes the event, so a watch started from a list may
        /// start after the newest event published so far: that event is not sent again.
        var after: Int64
        var filter: @Sendable (StoreEvent) -> Bool
        var continuation: AsyncStream<StoreEvent>.Continuation
    }

    /// A plain mutex (see ObjectStore): publish runs under the store's commit lock.
    private let state: NIOLockedValueBox<State>
    private let capacity: Int
    /// The most events a watcher may fall behind before it is cut off (it then re-watches).
    static let watcherBuffer = 50_000

    init(capacity: Int, startingAt resourceVersion: Int64) {
        self.capacity = max(1, capacity)
        self.state = NIOLockedValueBox(State(oldestResumable: resourceVersion))
    }

    /// The resourceVersion was compacted away: the client must list again.
    public struct Expired: Error, Sendable {
        public var requested: Int64
        public var oldest: Int64
    }

    /// Starts a watch. With a resourceVersion, every matching event after it is
    /// replayed first, then live ones follow, with nothing lost in between; a
    /// resourceVersion older than the history throws ``Expired``.
    /// `initial` events (a watch's synthetic ADDED events for the current state) are
    /// delivered before anything else.
    public func subscribe(
        after resourceVersion: Int64?, initial: [StoreEvent] = [], filter: @escaping @Sendable (StoreEvent) -> Bool
    ) throws(Expired) -> Subscription {
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream(
            bufferingPolicy: .bufferingOldest(Self.watcherBuffer))
        let subscribed = state.withLockedValue { state -> Result<Int, Expired> in
            for event in initial { continuation.yield(event) }
            if let resourceVersion {
                if resourceVersion < state.oldestResumable {
                    return .failure(Expired(requested: resourceVersion, oldest: state.oldestResumable))
                }
                for offset in 0..<state.history.count {
                    let event = state.history[(state.start + offset) % state.history.count]
                    if event.resourceVersion > resourceVersion, filter(event) { continuation.yield(event) }
                }
            }
            let id = state.nextID
            state.nextID += 1
            state.watchers[id] = Watcher(after: resourceVersion ?? .min, filter: filter, continuation: continuation)
            return .success(id)
        }
        let id = try subscribed.get()
        continuation.onTermination = { [weak self] _ in self?.cancel(id) }
        return Subscription(events: stream, cancel: { [weak self] in self?.cancel(id) })
    }

    /// Called by the store, under its lock, in resourceVersion order.
    func publish(_ event: StoreEvent) {
        let cutOff = state.withLockedValue { state -> [AsyncStream<StoreEvent>.Continuation] in
            if state.history.count < capacity {
                state.history.append(event)
            } else {
                state.oldestResumable = state.history[state.start].resourceVersion
                state.history[state.start] = event
                state.start = (state.start + 1) % capacity
            }
            var cutOff: [AsyncStream<StoreEvent>.Continuation] = []
            for (id, watcher) in state.watchers where event.resourceVersion > watcher.after && watcher.filter(event) {
                if case .dropped = watcher.continuation.yield(event) {
                    // Too far behind: end this watch rather than skip events silently.
                    cutOff.append(watcher.continuation)
                    state.watchers[id] = nil
                }
            }
            return cutOff
        }
        // Finishing runs the termination handler, which takes the lock: do it outside.
        for continuation in cutOff { continuation.finish() }
    }

    private func cancel(_ id: Int) {
        let watcher = state.withLockedValue { $0.watchers.removeValue(forKey: id) }
        watcher?.continuation.finish()
    }

    /// How many watches are open (for tests and benchmarks).
    public var watcherCount: Int { state.withLockedValue { $0.watchers.count } }

    /// One watcher's events; call `cancel` (or stop iterating) to end it.
    public struct Subscription: Sendable {
        public let events: AsyncStream<StoreEvent>
        public let cancel: @Sendable () -> Void
    }
}
