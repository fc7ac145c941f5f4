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
    /// Follow the rollouts of what changed before recording the outcome; off, the run
    /// records its outcome once everything is applied and pruned, rollouts not judged.
    public var wait = true
    /// Requests a run keeps in flight: dry runs while planning, applies within one kind-order stage.
    public var concurrency = 16
    /// Where the instance's record and lock live.
    public var recordNamespace = "default"
    /// When a rollout fails, record the commit as failed and return to the last good commit.
    public var autoRollback = false
    /// Sync a commit even though its rollout failed before.
    public var retryFailed = false
    /// Set by `ferry rollback`: sync despite a pin, and pin the instance to the commit afterwards.
    public var pinTo: Pin?
    /// Take over objects another Ferry instance manages (refused otherwise).
    public var adopt = false
    /// Prune a Namespace removed from git even when it holds objects Ferry does not manage.
    public var pruneNamespacesWithForeignObjects = false
    /// How long the run's lease holds without a renewal: how long a run that died blocks the next.
    public var leaseDuration: Duration = RunLease.defaultDuration
    /// Asks the run to stop at the next step boundary (SIGTERM, SIGINT).
    public var interruption: Interruption?
    /// How the rollout timeout is waited out (a manual clock's sleep in tests).
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

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
    /// A live object without Ferry's labels is taken over (it was made by hand or by another tool).
    case adopting(ObjectIdentity)
    /// A live object another instance manages is taken over (the adopt option).
    case takingOver(ObjectIdentity, from: String)
    /// An object was applied or pruned: `Deployment/spark/spark-worker configured`.
    case applied(ObjectIdentity, Action)
    /// An object removed from git was left in place (`--no-prune`); it stays in the inventory.
    case kept(ObjectIdentity)
    /// A Namespace removed from git was left in place, and why.
    case keptNamespace(ObjectIdentity, because: String)
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
    public var skipped: SkipReason? = nil
    /// The commit rolled back to by `autoRollback`, and its sync's report.
    public var rolledBackTo: String? = nil
    /// Why `autoRollback` did not roll back after a failed rollout.
    public var notRolledBack: String? = nil
    /// Why the run stopped early (`SIGTERM`), when it was asked to.
    public var interrupted: String? = nil

    public var rolloutsFailed: Bool { rollouts.contains { !$0.succeeded } }
}

/// Why a sync stopped before it finished. Every case says what was and was not written.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    /// The revision would delete everything the instance manages.
    case wouldPruneEverything(count: Int, path: String)
    /// The server refused an object; earlier kind-order stages were applied, and of its own
    /// stage what was in flight beside it (the record lists exactly what was applied).
    case applyFailed(ObjectIdentity, String)
    /// The server refused an object whose namespace or CRD this run created (or a CRD
    /// was never established); those namespaces and CRDs were deleted again, so nothing
    /// is left of the run.
    case refusedAfterStage(ObjectIdentity, String, removed: [ObjectIdentity])
    /// The server refused to delete an object removed from git; everything was applied.
    case pruneFailed(ObjectIdentity, String)
    /// Live objects another Ferry instance manages; nothing was applied.
    case contested([(ObjectIdentity, owner: String)])
    /// A stop was requested (`SIGTERM`) before the run finished; `done` says what it did.
    case interrupted(reason: String, done: String)
    /// Another run took the lease over (this one could not renew it); it stopped writing.
    case leaseLost(String)
    /// The revision is not a commit (the index cannot be synced).
    case notACommit

    public var description: String {
        switch self {
        case .wouldPruneEverything(let count, let path):
            let objects = count == 1 ? "the only object" : "all \(count) objects"
            return "this revision would delete \(objects) ferry manages (is the path '\(path)' right?); nothing was applied"
        case .applyFailed(let identity, let message):
            return "\(identity): the cluster refused it: \(message); objects of the kinds applied before it were applied, and those of its kind already in flight (the record lists them), none after"
        case .refusedAfterStage(let identity, let message, let removed):
            let namespaces = removed.filter(Planner.isNamespace).map { "\"\($0.name)\"" }
            let definitions = removed.filter(Definitions.isDefinition).map { "\"\($0.name)\"" }
            var undone: [String] = []
            if !namespaces.isEmpty { undone.append("the namespace(s) this run had created for it (\(namespaces.joined(separator: ", ")))") }
            if !definitions.isEmpty { undone.append("the CustomResourceDefinition(s) it had created (\(definitions.joined(separator: ", ")))") }
            let tail = undone.isEmpty ? "nothing else was applied"
                : "\(undone.joined(separator: " and ")) were deleted again and nothing else was applied"
            return "\(identity): the cluster refused it: \(message); \(tail)"
        case .pruneFailed(let identity, let message):
            return "\(identity): the cluster refused to delete it: \(message); every object in git was applied, and it stays in the inventory"
        case .contested(let objects):
            let list = objects.prefix(5).map { "\($0.0) (instance \"\($0.owner)\")" }.joined(separator: ", ")
            let more = objects.count > 5 ? ", and \(objects.count - 5) more" : ""
            return "\(objects.count) object(s) belong to another ferry instance: \(list)\(more); nothing was applied. Remove them from one of the repositories, or adopt them into this instance"
        case .interrupted(let reason, let done):
            return "stopped by \(reason): \(done)"
        case .leaseLost(let reason):
            return "stopped: \(reason); the run that holds it now finishes the work"
        case .notACommit:
            return "only commits can be synced"
        }
    }
}
