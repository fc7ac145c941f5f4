import FerryGit
import FerryKube
import Foundation

/// Why a sync left the instance alone.
public enum SkipReason: Sendable, Equatable, CustomStringConvertible {
    /// A rollback pinned the instance, and this commit does not supersede it.
    case pinned(Pin)
    /// This commit's rollout failed before; retrying it on every periodic run would flap
    /// between a good and a bad commit.
    case failedBefore(FailedCommit)

    public var description: String {
        switch self {
        case .pinned(let pin):
            return "pinned to \(pin.commit.prefix(7)) since \(pin.pinnedAt.formatted(.iso8601)) (\(pin.reason))"
        case .failedBefore(let failure):
            return "commit \(failure.commit.prefix(7)) failed before (\(failure.reason)); not retried"
        }
    }
}

extension Syncer {
    /// Why a sync of `commit` must leave the instance alone, or nil to go ahead.
    func skipReason(_ record: InstanceRecord, commit: String) -> SkipReason? {
        if options.pinTo != nil { return nil }
        if let pin = record.pin, pin.holds(against: commit) { return .pinned(pin) }
        if !options.retryFailed, let failure = record.failure(of: commit) { return .failedBefore(failure) }
        return nil
    }

    /// After a run: a rollback pins the instance and marks the commit it left as rolled
    /// back; a run of a newer commit lifts an old pin; a commit that succeeds is no longer failed.
    func updatePin(_ record: inout InstanceRecord, commit: String, outcome: SyncRecord.Outcome) {
        if let pin = options.pinTo {
            guard outcome == .succeeded || outcome == .unchanged else { return }
            record.pin = pin
            // The commit that was live before this run (the one appended last is this run's).
            if let index = record.history.dropLast().lastIndex(where: { $0.outcome != .error }),
               record.history[index].commit != commit {
                record.history[index].outcome = .rolledBack
            }
        } else if let pin = record.pin, !pin.holds(against: commit) {
            record.pin = nil
        }
        if outcome == .succeeded || outcome == .unchanged {
            record.failedCommits.removeAll { $0.commit == commit }
        }
    }

    /// The automatic rollback: the rollout of `commit` failed, so record it as failed and
    /// deploy the target ``RollbackPlanner`` chooses by default (the last good commit
    /// before it), as `ferry rollback` would. Runs under the lease the caller holds.
    func rollBack(after failed: SyncReport, state: DesiredState, commit: Commit, record: inout InstanceRecord,
                  lease: RunLease.Token, events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        let reason = failed.record?.reason ?? "rollout failed"
        record.recordFailure(FailedCommit(commit: commit.id.hex, reason: reason))
        if let index = record.history.lastIndex(where: { $0.commit == commit.id.hex }) {
            record.history[index].outcome = .rolledBack
        }
        let target: DesiredState
        do {
            let store = try ManifestStore(repository: try Repository(path: state.repositoryPath), path: state.manifestPath)
            let choice = try RollbackPlanner.choose(store: store, head: commit, record: record, to: nil, steps: nil)
            target = try RollbackService.load(choice.target, like: state)
        } catch let error as RollbackError {
            try await records.write(record)
            var report = failed
            report.notRolledBack = "\(error)"
            return report
        }
        guard let targetCommit = target.origin.commit else { throw SyncError.notACommit }
        let desired = target.desiredObjects(instance: instance)
        let plan = try await planner.plan(desired, inventory: record.inventory.map(\.identity))
        let back = try await execute(plan, commit: targetCommit, record: &record, started: Date(), lease: lease, events: events)
        var report = failed
        report.outcome = .rolledBack
        report.rolledBackTo = targetCommit.id.hex
        report.rollouts += back.rollouts
        return report
    }
}
