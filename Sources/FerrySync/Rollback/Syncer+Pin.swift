import FerryGit
import FerryKube
import Foundation

extension Syncer {
    /// Why a sync of `commit` must leave the instance alone, or nil to go ahead: a pin
    /// from a rollback that this commit does not supersede, or a commit whose rollout
    /// failed before (retrying it on every cron run would flap between good and bad).
    func skipReason(_ record: InstanceRecord, commit: String) -> String? {
        if options.pinTo != nil { return nil }
        if let pin = record.pin, pin.holds(against: commit) {
            return "pinned to \(pin.commit.prefix(7)) since \(pin.pinnedAt.formatted(.iso8601)) (\(pin.reason)); "
                + "left alone until a new commit lands or `ferry unpin`"
        }
        if !options.retryFailed, let failure = record.failure(of: commit) {
            return "commit \(commit.prefix(7)) failed before (\(failure.reason)); not retried: "
                + "push a fix, or pass --retry-failed"
        }
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

    /// `--auto-rollback`: the rollout of `commit` failed, so record it as failed and apply
    /// the last commit whose sync succeeded. Runs under the lock the caller holds.
    func rollBack(after failed: SyncReport, state: DesiredState, commit: Commit, record: inout InstanceRecord,
                  lease: RunLease.Token, events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncReport {
        let reason = failed.record?.reason ?? "rollout failed"
        record.recordFailure(FailedCommit(commit: commit.id.hex, reason: reason))
        if let index = record.history.lastIndex(where: { $0.commit == commit.id.hex }) {
            record.history[index].outcome = .rolledBack
        }
        guard let good = record.history.last(where: {
            ($0.outcome == .succeeded || $0.outcome == .unchanged) && $0.commit != commit.id.hex
        }) else {
            try await records.write(record)
            var report = failed
            report.skipped = "no earlier commit synced successfully: nothing to roll back to"
            return report
        }
        let target = try RevisionLoader.load(RevisionRequest(
            repository: state.repositoryPath, revision: good.commit, path: state.manifestPath,
            namespace: state.defaultNamespace))
        guard let targetCommit = target.origin.commit, target.manifests.isValid else {
            try await records.write(record)
            var report = failed
            report.skipped = "the last good commit \(good.commit.prefix(7)) no longer loads: not rolled back"
            return report
        }
        let desired = target.desiredObjects(instance: instance)
        let plan = try await planner.plan(desired, inventory: record.inventory.map(\.identity))
        let back = try await execute(plan, commit: targetCommit, record: &record, started: Date(), lease: lease, events: events)
        var report = failed
        report.outcome = .rolledBack
        report.rolledBackTo = good.commit
        report.rollouts += back.rollouts
        return report
    }
}
