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
                   rollouts: rollouts.map { .init(deployment: "\($0.object)", succeeded: $0.succeeded, message: $0.message) })
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

    /// Applies in kind order, stage by stage (``applyStage``). When objects wait for a
    /// namespace or a CRD of this revision, the Namespaces this run creates and the
    /// revision's CRDs go first; the waiting objects are then planned and dry-run (see
    /// ``checkAwaiting``), and if the server refuses one, the namespaces and CRDs this run
    /// created are deleted again, so a refusal leaves nothing behind. Any later refusal is
    /// recorded and stops the run (earlier stages, and what its own stage had applied, stay
    /// applied and recorded).
    func apply(_ plan: Plan, run: inout RunProgress, record: inout InstanceRecord, lease: RunLease.Token,
               events: @escaping @Sendable (SyncEvent) -> Void) async throws {
        let entries = plan.toApply
        let waiting = plan.awaiting
        let stage = waiting.isEmpty ? [] : entries.filter {
            (Planner.isNamespace($0.identity) && $0.action == .created) || Definitions.isDefinition($0.identity)
        }
        for kind in Self.stages(stage) {
            try await applyStage(kind, of: entries.count, run: &run, record: &record, lease: lease, events: events)
        }
        var checked: [ObjectKey: PlanEntry] = [:]
        if !waiting.isEmpty {
            let created = stage.filter { $0.action == .created }.map(\.identity)
            checked = try await checkAwaiting(waiting, createdInStage: created, run: &run, record: &record, lease: lease)
        }
        let staged = Set(stage.map(\.identity.objectKey))
        let rest = entries.filter { !staged.contains($0.identity.objectKey) }
            .map { checked[$0.identity.objectKey] ?? $0 }
            .filter(\.action.isChange)
        for kind in Self.stages(rest) {
            try await applyStage(kind, of: entries.count, run: &run, record: &record, lease: lease, events: events)
        }
    }

    /// Runs of consecutive entries of one ``KindOrder`` rank: nothing in a stage depends on
    /// another object of it, so its objects may be applied at once.
    static func stages(_ entries: [PlanEntry]) -> [[PlanEntry]] {
        var stages: [[PlanEntry]] = []
        for entry in entries {
            if let last = stages.last?.last, KindOrder.rank(of: last.identity.kind) == KindOrder.rank(of: entry.identity.kind) {
                stages[stages.count - 1].append(entry)
            } else {
                stages.append([entry])
            }
        }
        return stages
    }

    /// Applies one stage, at most ``SyncOptions/concurrency`` objects in flight. A refusal,
    /// a lost lease or a stop request starts no further apply; those in flight finish (a
    /// write is never cut off), every one that succeeded is recorded and reported in plan
    /// order, and only then does the run stop, so the record lists exactly what was applied.
    private func applyStage(_ stage: [PlanEntry], of total: Int, run: inout RunProgress, record: inout InstanceRecord,
                            lease: RunLease.Token, events: @Sendable (SyncEvent) -> Void) async throws {
        let done = { (run: RunProgress) in "\(run.applied.count) of \(total) objects applied; the next run applies the rest" }
        try await mayGoOn(run, record: &record, lease: lease, done: done(run))
        let client = client
        let interruption = options.interruption
        var applied = [Bool](repeating: false, count: stage.count)
        var refusals: [Int: KubeError] = [:]
        var fatal: KubeError?
        var started = 0
        try await withThrowingTaskGroup(of: (Int, KubeError?).self) { group in
            func startNext() {
                guard refusals.isEmpty, fatal == nil, started < stage.count,
                      lease.lost == nil, interruption?.reason == nil else { return }
                let index = started
                started += 1
                let desired = stage[index].desired
                group.addTask {
                    guard let desired else { return (index, nil) }
                    do {
                        _ = try await client.apply(desired.body, fieldManager: FerryMetadata.fieldManager, force: true,
                                                   source: desired.source.description)
                        return (index, nil)
                    } catch let error as KubeError {
                        return (index, error)
                    }
                }
            }
            for _ in 0..<max(1, options.concurrency) { startNext() }
            while let (index, error) = try await group.next() {
                switch error {
                case nil: applied[index] = stage[index].desired != nil
                case let error? where error.endsTheRun: fatal = fatal ?? error
                case let error?: refusals[index] = error
                }
                startNext()
            }
        }
        for (index, entry) in stage.enumerated() where applied[index] {
            run.did(entry.action, to: entry.identity)
            events(.applied(entry.identity, entry.action))
        }
        if let fatal { throw fatal }
        // The first refusal in plan order is the one reported; all of them are in the record's reason.
        if let first = refusals.keys.min(), let error = refusals[first] {
            let reason = refusals.keys.sorted().map { "\(stage[$0].identity): \(refusals[$0].map { "\($0)" } ?? "")" }
            await recordStopped(run, record: &record, reason: reason.joined(separator: "; "))
            throw SyncError.applyFailed(stage[first].identity, "\(error)")
        }
        if started < stage.count {
            // Stopped by a lost lease or a stop request: mayGoOn records that and throws.
            try await mayGoOn(run, record: &record, lease: lease, done: done(run))
            // Unreachable while a lost lease and a stop request stay set, as they do; never go on half-applied.
            await recordStopped(run, record: &record, reason: "stopped: \(done(run))")
            throw SyncError.interrupted(reason: "a stop request", done: done(run))
        }
    }

    /// Plans the objects that waited: those in a namespace just created are dry-run;
    /// those whose kind a CRD of this revision defines are planned afresh (read, then
    /// dry-run) once the CRD is established and discovery refreshed. Returns their
    /// entries; on a refusal deletes what the stage created and stops.
    private func checkAwaiting(_ waiting: [PlanEntry], createdInStage: [ObjectIdentity], run: inout RunProgress,
                               record: inout InstanceRecord, lease: RunLease.Token) async throws -> [ObjectKey: PlanEntry] {
        let definitions = Set(waiting.compactMap(\.awaitsDefinition))
        var refusal: (ObjectIdentity, String)?
        if !definitions.isEmpty {
            refusal = try await awaitDefinitions(definitions, kinds: Set(waiting.filter { $0.awaitsDefinition != nil }
                .map { GroupVersionKind($0.identity) }), run: run, record: &record, lease: lease)
        }
        var checked: [ObjectKey: PlanEntry] = [:]
        if refusal == nil {
            let client = client
            let planner = planner
            let concurrency = max(1, options.concurrency)
            let outcome = try await withThrowingTaskGroup(of: Result<PlanEntry, AwaitingRefusal>?.self) { group in
                // At most `concurrency` dry runs in flight: a first sync of 10,000 objects
                // must not hold 10,000 requests (and their bodies) at once.
                var next = 0
                func startNext() {
                    guard next < waiting.count else { return }
                    let entry = waiting[next]
                    next += 1
                    guard let desired = entry.desired else {
                        group.addTask { nil }
                        return
                    }
                    group.addTask {
                        do {
                            if entry.awaitsDefinition != nil {
                                let live = try await client.getIfPresent(entry.identity)
                                return .success(try await planner.entry(for: desired, live: live, creating: []))
                            }
                            _ = try await client.apply(desired.body, fieldManager: FerryMetadata.fieldManager, force: true,
                                                       dryRun: true, source: desired.source.description)
                            return .success(entry)
                        } catch let error as KubeError {
                            if error.endsTheRun { throw error }
                            return .failure(AwaitingRefusal(identity: entry.identity, message: "\(error)"))
                        }
                    }
                }
                for _ in 0..<concurrency { startNext() }
                var entries: [PlanEntry] = []
                var first: AwaitingRefusal?
                while let result = try await group.next() {
                    startNext()
                    switch result {
                    case .success(let entry)?: entries.append(entry)
                    case .failure(let refused)?: if first == nil { first = refused }
                    case nil: break
                    }
                }
                return (entries, first)
            }
            for entry in outcome.0 { checked[entry.identity.objectKey] = entry }
            refusal = outcome.1.map { ($0.identity, $0.message) }
        }
        guard let (identity, message) = refusal else { return checked }
        // Deleted in reverse apply order: CRDs, then namespaces.
        for created in createdInStage.reversed() {
            do { try await client.delete(created) } catch let error as KubeError where error.isNotFound {}
        }
        run.actions.removeAll()
        run.applied.removeAll()
        await recordStopped(run, record: &record, reason: "\(identity): \(message)")
        throw SyncError.refusedAfterStage(identity, message, removed: createdInStage)
    }

    private struct AwaitingRefusal: Error {
        var identity: ObjectIdentity
        var message: String
    }

    /// Polls this revision's CRDs until each is established and discovery serves the
    /// kinds the waiting objects use (a fresh discovery after each miss), for at most
    /// the run's timeout. Returns the refusal that stops the run, if any: a CRD whose
    /// names were refused, or one not ready in time.
    private func awaitDefinitions(_ definitions: Set<ObjectIdentity>, kinds: Set<GroupVersionKind>, run: RunProgress,
                                  record: inout InstanceRecord, lease: RunLease.Token) async throws -> (ObjectIdentity, String)? {
        let interval = Duration.milliseconds(200)
        var waited = Duration.zero
        var pending = definitions
        var unserved = kinds
        while true {
            for definition in pending {
                guard let live = try await client.getIfPresent(definition) else { continue }
                switch Definitions.readiness(of: live) {
                case .established: pending.remove(definition)
                case .pending: break
                case .refused(let why): return (definition, why)
                }
            }
            if pending.isEmpty {
                client.invalidateDiscovery()
                for kind in unserved {
                    let probe = ObjectIdentity(group: kind.group, version: kind.version, kind: kind.kind, namespace: nil, name: "")
                    do {
                        try await client.requireKind(of: probe, source: nil)
                        unserved.remove(kind)
                    } catch let error as KubeError {
                        guard case .unknownKind = error else { throw error }
                    }
                }
                if unserved.isEmpty { return nil }
            }
            if waited >= options.timeout {
                let stuck = pending.isEmpty ? "its kinds are not served (\(unserved.map(\.description).sorted().joined(separator: ", ")))"
                    : "it was not established"
                let definition = pending.sorted { "\($0)" < "\($1)" }.first ?? definitions.sorted { "\($0)" < "\($1)" }[0]
                return (definition, "\(stuck) within \(options.timeout); the objects of its kinds were not applied")
            }
            try await mayGoOn(run, record: &record, lease: lease,
                              done: "the namespaces and CustomResourceDefinitions were applied; the next run applies the rest")
            try await options.sleep(interval)
            waited += interval
        }
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
