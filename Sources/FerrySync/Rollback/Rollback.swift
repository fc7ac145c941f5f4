import FerryGit
import Foundation

/// Why a rollback cannot start; nothing was changed, in the cluster or in git.
public struct RollbackError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Which commit a rollback returns to, and from which.
public struct RollbackChoice: Sendable {
    /// The commit to deploy.
    public var target: Commit
    /// The commit live now (full sha).
    public var live: String
    /// The commits on the branch after `target` that changed the manifests, newest first:
    /// what `--revert` undoes.
    public var undone: [Commit]
}

/// Chooses a rollback's target: `--to REV`, `--steps N`, or by default the last commit
/// before the live one whose sync succeeded.
public enum RollbackPlanner {
    public static func choose(store: ManifestStore, head: Commit, record: InstanceRecord,
                              to: String?, steps: Int?) throws -> RollbackChoice {
        let repository = store.repository
        guard let live = record.liveCommit else {
            throw RollbackError("this instance was never synced: there is nothing to roll back; run `ferry sync` first")
        }
        let history = try store.history(from: head)
        let target: Commit
        if let to {
            do {
                target = try repository.resolve(to)
            } catch let error as GitError {
                throw RollbackError("--to '\(to)': no such commit (\(error.message)); see `ferry history` for the revisions")
            }
            guard try repository.isAncestor(target.id, of: head.id) else {
                throw RollbackError("--to '\(to)' (\(target.id.short)) is not on the branch (not an ancestor of HEAD \(head.id.short)); roll back only to a commit of the branch's history")
            }
        } else if let steps {
            guard steps > 0 else { throw RollbackError("--steps must be 1 or more") }
            let liveRevision = try RevisionHistory(store: store, defaultNamespace: "default").revision(of: live)
            guard let liveIndex = history.firstIndex(where: { $0.id.hex == liveRevision }) else {
                throw RollbackError("the live commit \(live.prefix(7)) is not in the branch's history; use --to REV")
            }
            guard liveIndex + steps < history.count else {
                throw RollbackError("--steps \(steps): there are only \(history.count - liveIndex - 1) revision(s) before the live one \(live.prefix(7))")
            }
            target = history[liveIndex + steps]
        } else {
            // The newest successful sync of another commit on the branch; the record keeps
            // the last runs, so an older one can only be named with --to.
            let liveRevision = try RevisionHistory(store: store, defaultNamespace: "default").revision(of: live)
            var found: Commit?
            for entry in record.history.reversed() where entry.outcome == .succeeded || entry.outcome == .unchanged {
                guard entry.commit != live, let id = ObjectID(hex: entry.commit),
                      let commit = try? repository.commit(id), try repository.isAncestor(id, of: head.id),
                      try RevisionHistory(store: store, defaultNamespace: "default").revision(of: entry.commit) != liveRevision
                else { continue }
                found = commit
                break
            }
            guard let found else {
                throw RollbackError("no commit before the live one \(live.prefix(7)) was synced successfully (the record keeps the last \(InstanceRecord.historyLimit) runs): nothing to roll back to; name one with --to REV")
            }
            target = found
        }
        guard target.id.hex != live else {
            throw RollbackError("\(target.id.short) is already the live commit: nothing to roll back")
        }
        // What --revert undoes: the revisions after the target's.
        let targetRevision = try store.history(from: target, limit: 1).first?.id
        let undone = Array(history.prefix { $0.id != targetRevision })
        return RollbackChoice(target: target, live: live, undone: undone)
    }
}
