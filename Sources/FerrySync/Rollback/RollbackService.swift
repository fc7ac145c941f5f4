import FerryGit
import FerryKube
import FerryKubeClient
import Foundation

/// Rolls an instance back, for `ferry rollback` and a sync's automatic rollback alike:
/// one rule chooses the target (``RollbackPlanner``), its manifests are read from git's
/// object database, and it is deployed through the same reconcile as any sync.
public struct RollbackService: Sendable {
    public let client: any ClusterAccess
    public let instance: String
    public let options: SyncOptions

    public init(client: any ClusterAccess, instance: String, options: SyncOptions) {
        self.client = client
        self.instance = instance
        self.options = options
    }

    /// A chosen rollback, ready to show or carry out.
    public struct Prepared: Sendable {
        public var choice: RollbackChoice
        /// The target commit's desired state.
        public var target: DesiredState
        /// The instance's record when the rollback was chosen.
        public var record: InstanceRecord
    }

    /// Chooses the target (`to`, `steps`, or the last good commit before the live one)
    /// and loads it. Throws ``RollbackError`` when there is none or its manifests are
    /// invalid; nothing is changed.
    public func prepare(_ state: DesiredState, to: String? = nil, steps: Int? = nil) async throws -> Prepared {
        guard let head = state.origin.commit else { throw RollbackError.notACommit }
        let record = try await RecordStore(client: client, instance: instance, namespace: options.recordNamespace).read()
        let store = try ManifestStore(repository: try Repository(path: state.repositoryPath), path: state.manifestPath)
        let choice = try RollbackPlanner.choose(store: store, head: head, record: record, to: to, steps: steps)
        return Prepared(choice: choice, target: try Self.load(choice.target, like: state), record: record)
    }

    /// What deploying the target would do.
    public func plan(_ prepared: Prepared) async throws -> Plan {
        try await Planner(client: client, instance: instance)
            .plan(prepared.target.desiredObjects(instance: instance), inventory: prepared.record.inventory.map(\.identity))
    }

    /// Deploys the target and pins the instance to it, so periodic syncs leave it there.
    public func deploy(_ prepared: Prepared, from head: Commit,
                       events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        var options = options
        options.pinTo = Pin(commit: prepared.choice.target.id.hex,
                            reason: "rolled back from \(prepared.choice.live.prefix(7)) by ferry rollback",
                            rolledBackFrom: head.id.hex)
        return try await Syncer(client: client, instance: instance, options: options).sync(prepared.target, events: events)
    }

    /// Writes a revert commit of each commit after the target (all or none), then syncs
    /// the new head: git stays the one truth, and no pin is needed. The lease is tried
    /// first, so that git is not touched while another run holds it.
    public func revert(_ prepared: Prepared, state: DesiredState,
                       events: @escaping @Sendable (SyncEvent) -> Void) async throws -> (written: [Commit], report: SyncReport) {
        guard state.uncommittedPaths.isEmpty else { throw RollbackError.uncommitted(state.uncommittedPaths, path: state.manifestPath) }
        await (try await RunLease(client: client, instance: instance, namespace: options.recordNamespace).acquire()).release()
        let written = try Repository(path: state.repositoryPath).revert(prepared.choice.undone)
        let reverted = try Self.load(nil, like: state)
        var options = options
        options.retryFailed = true
        let report = try await Syncer(client: client, instance: instance, options: options).sync(reverted, events: events)
        return (written, report)
    }

    /// The desired state of `commit` (nil: the head again) with `state`'s path and
    /// namespace; invalid manifests are a ``RollbackError``.
    static func load(_ commit: Commit?, like state: DesiredState) throws -> DesiredState {
        let loaded = try RevisionLoader.load(RevisionRequest(
            repository: state.repositoryPath, revision: commit?.id.hex ?? "HEAD", path: state.manifestPath,
            namespace: state.defaultNamespace))
        guard loaded.manifests.isValid else {
            throw RollbackError.invalidTarget(commit?.id.short ?? "HEAD", loaded.manifests.problems)
        }
        return loaded
    }
}
