import FerryKube

/// How `ferry sync` runs.
public struct SyncOptions: Sendable {
    /// Do everything but write: plan with server dry runs, apply nothing, take no lock.
    public var dryRun = false
    /// Delete objects removed from git (only those in the instance's inventory).
    public var prune = true
    /// Allow a revision that would delete every object the instance manages.
    public var allowEmpty = false
    /// How long rollouts may take.
    public var timeout: Duration = .seconds(300)
    /// Where the instance's record and lock live.
    public var recordNamespace = "default"
    /// When a rollout fails, record the commit as failed and return to the last good commit.
    public var autoRollback = false
    /// Sync a commit even though its rollout failed before.
    public var retryFailed = false
    /// Set by `ferry rollback`: sync despite a pin, and pin the instance to the commit afterwards.
    public var pinTo: Pin?

    public init() {}

    /// Options for syncing `state`: its `ferry.yaml` record namespace and timeout,
    /// the timeout overridden by `timeout` (a duration such as `90s` or `5m`).
    public init(for state: DesiredState, timeout: String?) throws(ConfigError) {
        recordNamespace = state.recordNamespace
        if let timeout {
            guard let seconds = GoDuration.seconds(timeout) else {
                throw ConfigError([ManifestProblem("--timeout must be a duration such as 90s, 5m or 1h30m",
                                                   at: SourceLocation(file: "--timeout", line: 1, column: 1))])
            }
            self.timeout = .milliseconds(Int64(seconds * 1000))
        } else if let seconds = state.config.timeout {
            self.timeout = .milliseconds(Int64(seconds * 1000))
        }
    }
}

/// What a sync reports while it runs, for the CLI to print.
public enum SyncEvent: Sendable {
    case planned(Plan)
    /// An object was applied or pruned: `Deployment/spark/spark-worker configured`.
    case applied(ObjectIdentity, Action)
    /// An object removed from git was left in place (`--no-prune`); it stays in the inventory.
    case kept(ObjectIdentity)
    case rollout(ObjectIdentity, RolloutStatus)
    /// Nothing changed since the last successful sync of this commit: nothing was written.
    case upToDate
}

/// What a sync did.
public struct SyncReport: Sendable {
    public var plan: Plan
    public var rollouts: [RolloutResult]
    public var record: SyncRecord?
    public var outcome: SyncRecord.Outcome
    /// Why nothing was done (a pin, or a commit that failed before), when the sync was skipped.
    public var skipped: String? = nil
    /// The commit rolled back to by `autoRollback`, and its sync's report.
    public var rolledBackTo: String? = nil

    public var rolloutsFailed: Bool { rollouts.contains { !$0.succeeded } }
}

/// Why a sync stopped before it finished.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    /// The revision would delete everything the instance manages.
    case wouldPruneEverything(count: Int, path: String)
    /// The server refused an object; everything before it in apply order was applied.
    case applyFailed(ObjectIdentity, String)
    /// The revision is not a commit (the index cannot be synced).
    case notACommit

    public var description: String {
        switch self {
        case .wouldPruneEverything(let count, let path):
            let objects = count == 1 ? "the only object" : "all \(count) objects"
            return "this revision would delete \(objects) ferry manages (is the path '\(path)' right?); nothing was applied. Pass --allow-empty if that is what you want"
        case .applyFailed(let identity, let message):
            return "\(identity): the cluster refused it: \(message); objects before it in apply order were applied, none after"
        case .notACommit:
            return "only commits can be synced"
        }
    }
}
