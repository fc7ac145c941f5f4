import FerryGit
import FerryKube
import FerryKubeClient
import Foundation

/// What a run has done so far, for its record.
struct RunProgress {
    var commit: Commit
    var started: Date
    var actions: [SyncRecord.ObjectAction] = []
    var applied: [ObjectIdentity] = []

    mutating func did(_ action: Action, to identity: ObjectIdentity) {
        actions.append(.init(object: "\(identity)", action: action))
        if action != .pruned { applied.append(identity) }
    }

    func record(_ outcome: SyncRecord.Outcome, reason: String?, rollouts: [RolloutResult] = []) -> SyncRecord {
        SyncRecord(commit: commit.id.hex, subject: commit.summary, startedAt: started,
                   durationSeconds: Date().timeIntervalSince(started), host: ProcessInfo.processInfo.hostName,
                   outcome: outcome, reason: reason, actions: actions,
                   rollouts: rollouts.map { .init(deployment: "\($0.deployment)", succeeded: $0.succeeded, message: $0.message) })
    }
}

extension Syncer {
    /// Writes the objects the plan creates or adopts into the inventory before any is
    /// written: one record write, and none when the inventory holds them already (an
    /// image bump writes only its Deployment).
    func claim(_ plan: Plan, record: inout InstanceRecord) async throws {
        let held = Set(record.inventory)
        let new = plan.toApply.map { InstanceRecord.Entry($0.identity) }.filter { !held.contains($0) }
        guard !new.isEmpty else { return }
        record.inventory = (record.inventory + new).sorted()
        try await records.write(record)
    }

    /// Applies in order. The Namespaces this run creates go first; the objects that wait
    /// for them are then dry-run, and if the server refuses one, those namespaces are
    /// deleted again, so a refusal leaves nothing behind. Any later refusal is recorded
    /// and stops the run (objects before it in apply order stay applied).
    func apply(_ plan: Plan, run: inout RunProgress, record: inout InstanceRecord, lease: RunLease.Token,
               events: @escaping @Sendable (SyncEvent) -> Void) async throws {
        let entries = plan.toApply
        let waiting = entries.filter(\.awaitsNamespace)
        let namespaceStage = waiting.isEmpty ? [] : entries.filter { Planner.isNamespace($0.identity) && $0.action == .created }
        for entry in namespaceStage {
            try await applyOne(entry, of: entries.count, run: &run, record: &record, lease: lease, events: events)
        }
        if !waiting.isEmpty {
            try await checkAwaiting(waiting, createdNamespaces: namespaceStage.map(\.identity), run: &run, record: &record)
        }
        let staged = Set(namespaceStage.map(\.identity.objectKey))
        for entry in entries where !staged.contains(entry.identity.objectKey) {
            try await applyOne(entry, of: entries.count, run: &run, record: &record, lease: lease, events: events)
        }
    }

    /// One object's apply, after checking that the run may go on.
    private func applyOne(_ entry: PlanEntry, of total: Int, run: inout RunProgress, record: inout InstanceRecord,
                          lease: RunLease.Token, events: @Sendable (SyncEvent) -> Void) async throws {
        guard let desired = entry.desired else { return }
        try await mayGoOn(run, record: &record, lease: lease,
                          done: "\(run.applied.count) of \(total) objects applied; the next run applies the rest")
        do {
            _ = try await client.apply(desired.body, fieldManager: FerryMetadata.fieldManager, force: true,
                                       source: desired.source.description)
        } catch let error as KubeError {
            if error.endsTheRun { throw error }
            await recordStopped(run, record: &record, reason: "\(entry.identity): \(error)")
            throw SyncError.applyFailed(entry.identity, "\(error)")
        }
        run.did(entry.action, to: entry.identity)
        events(.applied(entry.identity, entry.action))
    }

    /// Dry-runs the objects whose namespaces were just created; on a refusal deletes
    /// those namespaces (empty but for what the cluster put there) and stops.
    private func checkAwaiting(_ waiting: [PlanEntry], createdNamespaces: [ObjectIdentity], run: inout RunProgress,
                               record: inout InstanceRecord) async throws {
        let client = client
        let refusal = try await withThrowingTaskGroup(of: (ObjectIdentity, KubeError)?.self) { group in
            for entry in waiting {
                guard let desired = entry.desired else { continue }
                group.addTask {
                    do {
                        _ = try await client.apply(desired.body, fieldManager: FerryMetadata.fieldManager, force: true,
                                                   dryRun: true, source: desired.source.description)
                        return nil
                    } catch let error as KubeError {
                        if error.endsTheRun { throw error }
                        return (entry.identity, error)
                    }
                }
            }
            var first: (ObjectIdentity, KubeError)?
            for try await result in group where first == nil { first = result }
            return first
        }
        guard let (identity, error) = refusal else { return }
        for namespace in createdNamespaces {
            do { try await client.delete(namespace) } catch let error as KubeError where error.isNotFound {}
        }
        run.actions.removeAll()
        run.applied.removeAll()
        await recordStopped(run, record: &record, reason: "\(identity): \(error)")
        throw SyncError.refusedInNewNamespace(identity, "\(error)", removed: createdNamespaces.map(\.name))
    }

    /// Prunes in reverse apply order; with pruning off, reports what it keeps.
    func prune(_ plan: Plan, run: inout RunProgress, record: inout InstanceRecord, lease: RunLease.Token,
               events: @Sendable (SyncEvent) -> Void) async throws {
        for entry in plan.entries where entry.action == .kept {
            events(.keptNamespace(entry.identity, because: entry.keptBecause ?? ""))
        }
        for entry in plan.toPrune {
            guard options.prune else {
                events(.kept(entry.identity))
                continue
            }
            try await mayGoOn(run, record: &record, lease: lease,
                              done: "every object applied, \(run.actions.filter { $0.action == .pruned }.count) of \(plan.toPrune.count) prunes done; the next run prunes the rest")
            do {
                try await client.delete(entry.identity)
            } catch let error as KubeError where error.isNotFound {
                // Already gone: the goal is met.
            } catch let error as KubeError {
                if error.endsTheRun { throw error }
                await recordStopped(run, record: &record, reason: "\(entry.identity): the cluster refused to delete it: \(error)")
                throw SyncError.pruneFailed(entry.identity, "\(error)")
            }
            run.did(.pruned, to: entry.identity)
            events(.applied(entry.identity, .pruned))
        }
    }

    /// Throws when the run must stop before its next write: its lease was lost (another
    /// run writes now, so this one records nothing), or a stop was requested (recorded,
    /// with `done` saying how far it got).
    func mayGoOn(_ run: RunProgress, record: inout InstanceRecord, lease: RunLease.Token,
                 done: @autoclosure () -> String) async throws {
        if let lost = lease.lost { throw SyncError.leaseLost(lost) }
        guard let reason = options.interruption?.reason else { return }
        let done = done()
        await recordStopped(run, record: &record, reason: "interrupted by \(reason): \(done)")
        throw SyncError.interrupted(reason: reason, done: done)
    }

    /// Records a run that stopped before its end (`error`): the inventory keeps every
    /// object claimed or applied, so none escapes a later prune. A record that cannot be
    /// written must not hide why the run stopped, so its failure is not thrown.
    func recordStopped(_ run: RunProgress, record: inout InstanceRecord, reason: String) async {
        record.inventory = Array(Set(record.inventory + run.applied.map(InstanceRecord.Entry.init))).sorted()
        record.append(run.record(.error, reason: reason))
        try? await records.write(record)
    }
}

extension KubeError {
    /// The cluster is gone or refused the credentials: no object is to blame, and no
    /// record can be written, so the run ends with this error as it is.
    var endsTheRun: Bool { isUnreachable || statusCode == 401 }
}
