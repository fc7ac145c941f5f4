import FerryKube

extension Syncer {
    /// Refuses, before anything is written, a plan that would empty the instance (almost
    /// always an emptied or mistyped path) or that takes objects another instance manages.
    func check(_ plan: Plan, path: String) throws {
        let pruned = plan.count(.pruned)
        if options.prune, !options.allowEmpty, pruned > 0, plan.entries.allSatisfy({ $0.action == .pruned }) {
            throw SyncError.wouldPruneEverything(count: pruned, path: path.isEmpty ? "." : path)
        }
        let contested = plan.contested
        if !options.adopt, !contested.isEmpty { throw SyncError.contested(contested) }
    }

    /// Whether this run has nothing to do: nothing to apply, nothing it may prune, the
    /// inventory as this run would record it, and this commit synced successfully last.
    /// With `--no-prune`, objects removed from git stay in the inventory and are no work,
    /// so a repeated `--no-prune` run writes nothing (no lease, no record entry) either.
    func isUpToDate(_ plan: Plan, record: InstanceRecord, commit: String) -> Bool {
        let pending = plan.entries.contains {
            $0.action == .created || $0.action == .configured || ($0.action == .pruned && options.prune)
        }
        return !pending && Self.inventory(after: plan, prune: options.prune) == record.inventory.sorted()
            && record.history.last?.commit == commit && record.lastSucceeded?.commit == commit
    }
}
