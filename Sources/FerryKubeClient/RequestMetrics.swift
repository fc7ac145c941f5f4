import Synchronization

/// What a request does, for counting and for deciding whether it may be retried.
public enum RequestVerb: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// GET of one object.
    case get
    /// GET of a collection.
    case list
    /// A watch stream.
    case watch
    /// GET of discovery documents or `/version`.
    case discovery
    /// POST.
    case create
    /// PUT.
    case update
    /// PATCH with a merge, strategic-merge or JSON patch.
    case patch
    /// PATCH with `application/apply-patch+yaml` (server-side apply).
    case apply
    /// DELETE.
    case delete

    /// Whether the request changes the cluster (unless it is a dry run).
    public var isWrite: Bool {
        switch self {
        case .get, .list, .watch, .discovery: return false
        case .create, .update, .patch, .apply, .delete: return true
        }
    }

    /// Whether sending it twice has the same effect as once, so it may be retried after
    /// the server may have seen it: reads, server-side apply, PUT and DELETE.
    public var isIdempotent: Bool {
        switch self {
        case .get, .list, .watch, .discovery, .apply, .update, .delete: return true
        case .create, .patch: return false
        }
    }

    /// The verb's name.
    public var description: String { rawValue }
}

/// Counts of the HTTP requests a client sent (each retry counts as one more request).
///
/// `writes` counts requests that could change the cluster: a no-op sync must leave it at 0.
/// Dry-run writes (`dryRun=All`) change nothing and are counted in `dryRunWrites` instead.
public final class RequestMetrics: Sendable {
    /// The counts at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Requests by verb (dry runs included).
        public var byVerb: [RequestVerb: Int] = [:]
        /// Requests by HTTP method (`GET`, `PATCH`, ...).
        public var byMethod: [String: Int] = [:]
        /// Writes sent with `dryRun=All`.
        public var dryRunWrites = 0
        /// Requests that were sends of an earlier attempt.
        public var retries = 0
        /// Time spent waiting for the client-side rate limit.
        public var throttled: Duration = .zero

        /// Reads: gets, lists, watches and discovery.
        public var reads: Int { byVerb.filter { !$0.key.isWrite }.values.reduce(0, +) }
        /// Writes that could change the cluster (dry runs excluded).
        public var writes: Int { byVerb.filter { $0.key.isWrite }.values.reduce(0, +) - dryRunWrites }
        /// Every request sent.
        public var total: Int { byVerb.values.reduce(0, +) }
    }

    private let counts = Mutex(Snapshot())

    /// Empty counts.
    public init() {}

    /// The counts now.
    public var snapshot: Snapshot { counts.withLock { $0 } }
    /// Writes that could change the cluster so far (dry runs excluded).
    public var writes: Int { snapshot.writes }
    /// Reads so far.
    public var reads: Int { snapshot.reads }
    /// Dry-run writes so far.
    public var dryRunWrites: Int { snapshot.dryRunWrites }
    /// Retries so far.
    public var retries: Int { snapshot.retries }
    /// Requests so far.
    public var total: Int { snapshot.total }
    /// Requests of one verb so far.
    public func count(_ verb: RequestVerb) -> Int { snapshot.byVerb[verb] ?? 0 }

    /// Starts counting from zero again.
    public func reset() { counts.withLock { $0 = Snapshot() } }

    func record(verb: RequestVerb, method: String, dryRun: Bool, retry: Bool) {
        counts.withLock { counts in
            counts.byVerb[verb, default: 0] += 1
            counts.byMethod[method, default: 0] += 1
            if dryRun && verb.isWrite { counts.dryRunWrites += 1 }
            if retry { counts.retries += 1 }
        }
    }

    func recordThrottle(_ wait: Duration) {
        guard wait > .zero else { return }
        counts.withLock { $0.throttled += wait }
    }
}
