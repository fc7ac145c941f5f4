import FerryGit
import FerryKube
import Foundation

/// Why a rollback cannot start; nothing was changed, in the cluster or in git.
public enum RollbackError: Error, Sendable, CustomStringConvertible {
    case neverSynced
    /// The named target is not a commit of this repository.
    case noSuchCommit(String, reason: String)
    /// The named target is not an ancestor of the branch head.
    case notOnBranch(String, commit: String, head: String)
    case stepsNotPositive
    case liveNotInHistory(String)
    case tooFewRevisions(steps: Int, available: Int, live: String)
    /// No run in the record succeeded with another commit.
    case noEarlierGoodCommit(live: String)
    case alreadyLive(String)
    /// The target's manifests are invalid.
    case invalidTarget(String, [ManifestProblem])
    /// A revert needs a clean work tree under the manifest path.
    case uncommitted([String], path: String)
    case notACommit

    public var description: String {
        switch self {
        case .neverSynced:
            return "this instance was never synced: there is nothing to roll back; run `ferry sync` first"
        case .noSuchCommit(let spec, let reason):
            return "'\(spec)': no such commit (\(reason)); see `ferry history` for the revisions"
        case .notOnBranch(let spec, let commit, let head):
            return "'\(spec)' (\(commit)) is not on the branch (not an ancestor of HEAD \(head)); roll back only to a commit of the branch's history"
        case .stepsNotPositive:
            return "the number of steps back must be 1 or more"
        case .liveNotInHistory(let live):
            return "the live commit \(live.prefix(7)) is not in the branch's history; name the commit to return to"
        case .tooFewRevisions(let steps, let available, let live):
            return "\(steps) step(s) back: there are only \(available) revision(s) before the live one \(live.prefix(7))"
        case .noEarlierGoodCommit(let live):
            return "no commit before the live one \(live.prefix(7)) was synced successfully (the record keeps the last \(InstanceRecord.historyLimit) runs): nothing to roll back to; name the commit to return to"
        case .alreadyLive(let commit):
            return "\(commit) is already the live commit: nothing to roll back"
        case .invalidTarget(let commit, let problems):
            return "the manifests of \(commit) are invalid (\(problems.count) problem(s)); cannot roll back to it"
        case .uncommitted(let paths, let path):
            return "uncommitted changes under \(path.isEmpty ? "the repository" : path + "/") (\(paths.prefix(5).joined(separator: ", "))); commit or discard them before reverting"
        case .notACommit:
            return "only a commit can be rolled back from"
        }
    }
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
        guard let live = record.liveCommit else { throw RollbackError.neverSynced }
        let history = try store.history(from: head)
        let target: Commit
        if let to {
            do {
                target = try repository.resolve(to)
            } catch let error as GitError {
                throw RollbackError.noSuchCommit(to, reason: error.message)
            }
            guard try repository.isAncestor(target.id, of: head.id) else {
                throw RollbackError.notOnBranch(to, commit: target.id.short, head: head.id.short)
            }
        } else if let steps {
            guard steps > 0 else { throw RollbackError.stepsNotPositive }
            let liveRevision = try RevisionHistory(store: store, defaultNamespace: "default").revision(of: live)
            guard let liveIndex = history.firstIndex(where: { $0.id.hex == liveRevision }) else {
                throw RollbackError.liveNotInHistory(live)
            }
            guard liveIndex + steps < history.count else {
                throw RollbackError.tooFewRevisions(steps: steps, available: history.count - liveIndex - 1, live: live)
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
                throw RollbackError.noEarlierGoodCommit(live: live)
            }
            target = found
        }
        guard target.id.hex != live else {
            throw RollbackError.alreadyLive(target.id.short)
        }
        // What --revert undoes: the revisions after the target's.
        let targetRevision = try store.history(from: target, limit: 1).first?.id
        let undone = Array(history.prefix { $0.id != targetRevision })
        return RollbackChoice(target: target, live: live, undone: undone)
    }
}
