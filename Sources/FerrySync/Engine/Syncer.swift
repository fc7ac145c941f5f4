import FerryGit
import FerryKube
import FerryKubeClient
import Foundation

/// Makes the cluster match a revision: one linear reconcile, each step a line.
///
/// The steps, in order: load the revision's objects; plan against the record and the
/// live objects (reads only); skip a pinned instance or a commit that failed before;
/// stop if nothing changed; check the plan (no emptying, no contested objects); take
/// the lease and check everything again under it; claim the new objects in the
/// inventory; apply; prune; follow the rollouts; record the outcome. A stop request is
/// honoured between any two steps and between any two objects.
public struct Syncer: Sendable {
    public let client: any ClusterAccess
    public let instance: String
    public let options: SyncOptions

    public init(client: any ClusterAccess, instance: String, options: SyncOptions) {
        self.client = client
        self.instance = instance
        self.options = options
    }

    var records: RecordStore { RecordStore(client: client, instance: instance, namespace: options.recordNamespace) }

    var planner: Planner {
        var planner = Planner(client: client, instance: instance)
        planner.pruneNamespacesWithForeignObjects = options.pruneNamespacesWithForeignObjects
        planner.concurrency = options.concurrency
        return planner
    }

    var lease: RunLease {
        var lease = RunLease(client: client, instance: instance, namespace: options.recordNamespace)
        lease.duration = options.leaseDuration
        return lease
    }

    public func sync(_ state: DesiredState, events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        let started = Date()
        // Load: the commit and its objects, made ready to apply.
        guard let commit = state.origin.commit else { throw SyncError.notACommit }
        let desired = state.desiredObjects(instance: instance)
        // Plan: the record and the live objects (listed while the record is read); reads only.
        async let listed = planner.listDesired(desired)
        var record = try await records.read()
        if let skipped = skipReason(record, commit: commit.id.hex) { return .skipped(skipped) }
        var plan = try await planner.plan(desired, inventory: record.inventory.map(\.identity), listed: try await listed)
        // Up to date: nothing to write, not even the lease.
        if isUpToDate(plan, record: record, commit: commit.id.hex) {
            events(.planned(plan))
            events(.upToDate)
            return SyncReport(plan: plan, rollouts: [], record: nil, outcome: .unchanged)
        }
        // Check: a plan that empties the instance or takes others' objects is refused.
        try check(plan, path: state.manifestPath)
        report(plan, events)
        if options.dryRun { return SyncReport(plan: plan, rollouts: [], record: nil, outcome: plan.hasChanges ? .succeeded : .unchanged) }
        if let reason = options.interruption?.reason { throw SyncError.interrupted(reason: reason, done: "nothing was written") }

        // Lock: one run at a time. Another run may have changed the record meanwhile (a
        // rollback's pin, a newer commit), so skip, plan and check again under the lease.
        let token = try await lease.acquire()
        do {
            let current = try await records.read()
            if current != record {
                record = current
                if let skipped = skipReason(record, commit: commit.id.hex) {
                    await token.release()
                    return .skipped(skipped)
                }
                plan = try await planner.plan(desired, inventory: record.inventory.map(\.identity))
                try check(plan, path: state.manifestPath)
            }
            var report = try await execute(plan, commit: commit, record: &record, started: started, lease: token, events: events)
            if options.autoRollback, report.outcome == .failed, report.interrupted == nil {
                report = try await rollBack(after: report, state: state, commit: commit, record: &record, lease: token, events: events)
            }
            await token.release()
            return report
        } catch {
            await token.release()
            throw error
        }
    }

    /// Claim, apply, prune, follow the rollouts and record the outcome, under the lease.
    func execute(_ plan: Plan, commit: Commit, record: inout InstanceRecord, started: Date, lease: RunLease.Token,
                 events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        var run = RunProgress(commit: commit, started: started)
        // Claim: objects about to be created join the inventory before any is, so that a
        // run killed halfway leaves nothing a later run cannot prune.
        try await claim(plan, record: &record)
        // Apply: Namespaces first, then the objects that waited for them are checked, then the rest in order.
        try await apply(plan, run: &run, record: &record, lease: lease, events: events)
        // Prune: in reverse order, only this instance's objects.
        try await prune(plan, run: &run, record: &record, lease: lease, events: events)
        for entry in plan.entries where entry.action == .unchanged {
            run.actions.append(.init(object: "\(entry.identity)", action: .unchanged))
        }
        record.inventory = Self.inventory(after: plan, prune: options.prune)
        // Wait: follow every changed workload (and object with readiness conditions); a stop request abandons the wait.
        var watcher = RolloutWatcher(client: client)
        watcher.sleep = options.sleep
        let rollouts = options.wait ? await watcher.wait(
            for: Self.objectsToFollow(plan), timeout: options.timeout, interruption: options.interruption
        ) { identity, status in events(.rollout(identity, status)) } : []
        // Record: the outcome, the pin, the exact inventory.
        let failed = rollouts.filter { !$0.succeeded }
        let interrupted = options.interruption?.reason
        let outcome: SyncRecord.Outcome
        if interrupted != nil, !failed.isEmpty {
            outcome = .interrupted
        } else {
            outcome = failed.isEmpty ? (plan.hasChanges ? .succeeded : .unchanged) : .failed
        }
        let entry = run.record(outcome, reason: failed.isEmpty ? nil : failed.map(\.message).joined(separator: "; "),
                               rollouts: rollouts)
        record.append(entry)
        updatePin(&record, commit: commit.id.hex, outcome: outcome)
        if let lost = lease.lost { throw SyncError.leaseLost(lost) }
        try await records.write(record)
        var report = SyncReport(plan: plan, rollouts: rollouts, record: entry, outcome: outcome)
        if outcome == .interrupted { report.interrupted = interrupted }
        return report
    }

    /// The inventory once a plan is carried out: every object in git, and those removed
    /// from it but kept (not pruned, or a Namespace that holds others' objects).
    static func inventory(after plan: Plan, prune: Bool) -> [InstanceRecord.Entry] {
        let kept = plan.entries.filter { $0.action == .kept || ($0.action == .pruned && !prune) }.map(\.identity)
        let wanted = plan.entries.compactMap { $0.desired?.identity }
        return Array(Set((wanted + kept).map(InstanceRecord.Entry.init))).sorted()
    }

    /// Reports the plan and the objects it takes over.
    func report(_ plan: Plan, _ events: @Sendable (SyncEvent) -> Void) {
        events(.planned(plan))
        for entry in plan.entries where entry.action != .unchanged && entry.desired != nil {
            switch entry.owner {
            case .this: break
            case .unmanaged: events(.adopting(entry.identity))
            case .instance(let other): events(.takingOver(entry.identity, from: other))
            }
        }
    }

    /// The objects whose rollouts a run follows (``RolloutStatus/isFollowed(_:state:)``):
    /// every one it created or changed, and every unchanged one that is not rolled out —
    /// a run repeated after a failed rollout changes nothing, yet must not report the
    /// broken object as synced.
    static func objectsToFollow(_ plan: Plan) -> [ObjectIdentity] {
        plan.entries.filter { entry in
            switch entry.action {
            case .created, .configured:
                return RolloutStatus.isFollowed(entry.identity, state: entry.live ?? entry.merged)
            case .unchanged:
                guard let live = entry.live, RolloutStatus.isFollowed(entry.identity, state: live) else { return false }
                return RolloutStatus(object: live, kind: GroupVersionKind(entry.identity)).phase != .complete
            case .pruned, .kept:
                return false
            }
        }.map(\.identity)
    }
}

extension SyncReport {
    /// A run that left the instance alone, and why.
    static func skipped(_ reason: SkipReason) -> SyncReport {
        SyncReport(plan: Plan(entries: []), rollouts: [], record: nil, outcome: .unchanged, skipped: reason)
    }
}
