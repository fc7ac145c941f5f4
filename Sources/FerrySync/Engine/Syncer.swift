import FerryGit
import FerryKube
import FerryKubeClient
import Foundation

/// Makes the cluster match a revision: one linear pass, each step a line.
public struct Syncer: Sendable {
    public let client: KubeClient
    public let instance: String
    public let options: SyncOptions

    public init(client: KubeClient, instance: String, options: SyncOptions) {
        self.client = client
        self.instance = instance
        self.options = options
    }

    var records: RecordStore { RecordStore(client: client, instance: instance, namespace: options.recordNamespace) }

    public func sync(_ state: DesiredState, events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        let started = Date()
        guard let commit = state.origin.commit else { throw SyncError.notACommit }
        let desired = state.desiredObjects(instance: instance)

        // Plan from the record as it is: reads only, so an up-to-date sync writes nothing.
        // The live objects are listed while the record is read.
        let planner = Planner(client: client, instance: instance)
        async let listed = planner.listDesired(desired)
        var record = try await records.read()
        if let skipped = skipReason(record, commit: commit.id.hex) {
            return SyncReport(plan: Plan(entries: []), rollouts: [], record: nil, outcome: .unchanged, skipped: skipped)
        }
        var plan = try await planner.plan(desired, inventory: record.inventory.map(\.identity), listed: try await listed)
        if isUpToDate(plan, desired: desired, record: record, commit: commit.id.hex) {
            events(.planned(plan))
            events(.upToDate)
            return SyncReport(plan: plan, rollouts: [], record: nil, outcome: .unchanged)
        }
        try refuseEmptying(plan, record: record, path: state.manifestPath)
        events(.planned(plan))
        if options.dryRun { return SyncReport(plan: plan, rollouts: [], record: nil, outcome: plan.hasChanges ? .succeeded : .unchanged) }

        // One run at a time; if another run changed the record meanwhile, plan again.
        let lock = RunLock(client: client, instance: instance, namespace: options.recordNamespace)
        let token = try await lock.acquire()
        do {
            let current = try await records.read()
            if current != record {
                record = current
                plan = try await Planner(client: client, instance: instance).plan(desired, inventory: record.inventory.map(\.identity))
                try refuseEmptying(plan, record: record, path: state.manifestPath)
            }
            var report = try await execute(plan, commit: commit, record: &record, started: started, events: events)
            if options.autoRollback, report.outcome == .failed {
                report = try await rollBack(after: report, state: state, commit: commit, record: &record, events: events)
            }
            await lock.release(token)
            return report
        } catch {
            await lock.release(token)
            throw error
        }
    }

    /// Apply in order, prune in reverse, record, then follow the rollouts and record their outcome.
    func execute(_ plan: Plan, commit: Commit, record: inout InstanceRecord, started: Date,
                 events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        var actions: [SyncRecord.ObjectAction] = []
        var applied: [ObjectIdentity] = []
        for entry in plan.toApply {
            guard let desired = entry.desired else { continue }
            do {
                _ = try await client.apply(desired.body, fieldManager: FerryMetadata.fieldManager, force: true,
                                           source: desired.source.description)
            } catch let error as KubeError {
                if error.isUnreachable || error.isUnauthorized { throw error }
                record.inventory = Array(Set(record.inventory + applied.map(InstanceRecord.Entry.init))).sorted()
                record.append(makeRecord(commit, started, .error, reason: "\(entry.identity): \(error)", actions, []))
                try? await records.write(record)
                throw SyncError.applyFailed(entry.identity, "\(error)")
            }
            applied.append(entry.identity)
            actions.append(.init(object: "\(entry.identity)", action: entry.action))
            events(.applied(entry.identity, entry.action))
        }
        var kept: [ObjectIdentity] = []
        for entry in plan.toPrune {
            guard options.prune else {
                kept.append(entry.identity)
                events(.kept(entry.identity))
                continue
            }
            do {
                try await client.delete(entry.identity)
            } catch let error as KubeError where error.isNotFound {
                // Already gone: the goal is met.
            }
            actions.append(.init(object: "\(entry.identity)", action: .pruned))
            events(.applied(entry.identity, .pruned))
        }
        for entry in plan.entries where entry.action == .unchanged {
            actions.append(.init(object: "\(entry.identity)", action: .unchanged))
        }
        let wanted = plan.entries.compactMap { $0.desired?.identity }
        record.inventory = Array(Set((wanted + kept).map(InstanceRecord.Entry.init))).sorted()

        let deployments = Self.deploymentsToFollow(plan)
        let rollouts = await RolloutWatcher(client: client).wait(for: deployments, timeout: options.timeout) { identity, status in
            events(.rollout(identity, status))
        }
        let failed = rollouts.filter { !$0.succeeded }
        let outcome: SyncRecord.Outcome = failed.isEmpty ? (plan.hasChanges ? .succeeded : .unchanged) : .failed
        let entry = makeRecord(commit, started, outcome, reason: failed.isEmpty ? nil : failed.map(\.message).joined(separator: "; "),
                               actions, rollouts)
        record.append(entry)
        updatePin(&record, commit: commit.id.hex, outcome: outcome)
        try await records.write(record)
        return SyncReport(plan: plan, rollouts: rollouts, record: entry, outcome: outcome)
    }

    func makeRecord(_ commit: Commit, _ started: Date, _ outcome: SyncRecord.Outcome, reason: String?,
                    _ actions: [SyncRecord.ObjectAction], _ rollouts: [RolloutResult]) -> SyncRecord {
        SyncRecord(commit: commit.id.hex, subject: commit.summary, startedAt: started,
                   durationSeconds: Date().timeIntervalSince(started), host: ProcessInfo.processInfo.hostName,
                   outcome: outcome, reason: reason, actions: actions,
                   rollouts: rollouts.map { .init(deployment: "\($0.deployment)", succeeded: $0.succeeded, message: $0.message) })
    }

    /// A revision that would prune everything the instance manages is almost always a
    /// mistake (an emptied or mistyped path).
    func refuseEmptying(_ plan: Plan, record: InstanceRecord, path: String) throws {
        let pruned = plan.count(.pruned)
        guard options.prune, !options.allowEmpty, pruned > 0, plan.entries.allSatisfy({ $0.action == .pruned }) else { return }
        throw SyncError.wouldPruneEverything(count: pruned, path: path.isEmpty ? "." : path)
    }

    /// Whether this run has nothing to do: nothing to apply, nothing it may prune, the
    /// inventory as this run would record it, and this commit synced successfully last.
    /// With `--no-prune`, objects removed from git stay in the inventory and are no work,
    /// so a repeated `--no-prune` run writes nothing (no lock, no record entry) either.
    func isUpToDate(_ plan: Plan, desired: [DesiredObject], record: InstanceRecord, commit: String) -> Bool {
        let pending = plan.entries.contains {
            $0.action == .created || $0.action == .configured || ($0.action == .pruned && options.prune)
        }
        let kept = options.prune ? [] : plan.toPrune.map { InstanceRecord.Entry($0.identity) }
        let inventory = Array(Set(Self.inventory(of: desired) + kept)).sorted()
        return !pending && inventory == record.inventory.sorted()
            && record.history.last?.commit == commit && record.lastSucceeded?.commit == commit
    }

    /// The Deployments whose rollouts a run follows: every one it created or changed, and
    /// every unchanged one that is not rolled out — a run repeated after a failed rollout
    /// changes nothing, yet must not report the broken Deployment as synced.
    static func deploymentsToFollow(_ plan: Plan) -> [ObjectIdentity] {
        plan.entries.filter { entry in
            guard entry.identity.group == "apps", entry.identity.kind == "Deployment" else { return false }
            switch entry.action {
            case .created, .configured: return true
            case .unchanged: return entry.live.map { RolloutStatus(deployment: $0).phase != .complete } ?? false
            case .pruned: return false
            }
        }.map(\.identity)
    }

    static func inventory(of desired: [DesiredObject]) -> [InstanceRecord.Entry] {
        desired.map { InstanceRecord.Entry($0.identity) }.sorted()
    }
}
