import FerryGit
import FerryKube
import Foundation

/// One revision of an instance: a commit that changed the manifests, numbered like
/// `kubectl rollout history` (1 is the oldest), with what the cluster made of it.
public struct RevisionRow: Sendable, Codable, Equatable {
    /// What the cluster's sync records say about a commit.
    public enum Outcome: String, Sendable, Codable {
        case synced
        case failed
        case rolledBack = "rolled back"
        case error
        case interrupted
        case neverSynced = "never synced"
    }

    public var revision: Int
    public var commit: String
    public var date: Date
    public var author: String
    /// The change cause: the commit's subject.
    public var subject: String
    public var imageChanges: [ImageChange]
    /// The Deployments the commit changed.
    public var deployments: [String]
    public var outcome: Outcome
    /// Why it failed, when it did.
    public var reason: String?
    /// Whether this commit's objects are the ones live.
    public var live: Bool
    /// Whether the instance is pinned to this commit.
    public var pinned: Bool
}

/// Builds an instance's revision history from git and the cluster's record.
public struct RevisionHistory {
    public let store: ManifestStore
    public let defaultNamespace: String
    private var cache: [ObjectID: RevisionManifests] = [:]

    public init(store: ManifestStore, defaultNamespace: String) {
        self.store = store
        self.defaultNamespace = defaultNamespace
    }

    /// Every commit reachable from `head` that changed the manifests, newest first; with
    /// `deployment`, only those that changed that Deployment.
    public mutating func rows(from head: Commit, record: InstanceRecord, deployment: String? = nil) throws -> [RevisionRow] {
        let commits = try store.history(from: head)
        // A sync of any commit deployed the manifests of the revision at or before it.
        var records: [String: [SyncRecord]] = [:]
        var revisionOf: [String: String] = [:]
        for entry in record.history {
            guard let revision = try revisionOf[entry.commit] ?? revision(of: entry.commit) else { continue }
            revisionOf[entry.commit] = revision
            records[revision, default: []].append(entry)
        }
        let live = try record.liveCommit.flatMap { try revisionOf[$0] ?? revision(of: $0) }
        var rows: [RevisionRow] = []
        for (index, commit) in commits.enumerated() {
            let own = try manifests(commit.id)
            let parent = try commit.parents.first.map { try manifests($0) } ?? RevisionManifests()
            let changed = own.changedDeployments(since: parent)
            if let deployment, !changed.contains(deployment) { continue }
            let (outcome, reason) = Self.outcome(records[commit.id.hex] ?? [], failure: record.failure(of: commit.id.hex))
            rows.append(RevisionRow(
                revision: commits.count - index, commit: commit.id.hex, date: commit.author.time,
                author: commit.author.name, subject: commit.summary, imageChanges: own.imageChanges(since: parent),
                deployments: changed, outcome: outcome, reason: reason,
                live: live == commit.id.hex,
                pinned: try record.pin.map { try revision(of: $0.commit) == commit.id.hex } ?? false))
        }
        return rows
    }

    /// The manifest diff a commit made against its first parent.
    public mutating func diff(of commit: Commit) throws -> String {
        let parent = try commit.parents.first.map { try manifests($0) } ?? RevisionManifests()
        return try manifests(commit.id).diff(since: parent)
    }

    /// The revision (the newest commit that changed the manifests) a commit deploys; nil
    /// when the commit is not in this repository.
    public func revision(of sha: String) throws -> String? {
        guard let id = ObjectID(hex: sha), let commit = try? store.repository.commit(id) else { return nil }
        return try store.history(from: commit, limit: 1).first?.id.hex
    }

    /// The latest word of the records on a revision (oldest first).
    static func outcome(_ records: [SyncRecord], failure: FailedCommit?) -> (RevisionRow.Outcome, String?) {
        guard let last = records.last else {
            if let failure { return (.failed, failure.reason) }
            return (.neverSynced, nil)
        }
        switch last.outcome {
        case .succeeded, .unchanged: return (.synced, nil)
        case .failed: return (.failed, last.reason)
        case .rolledBack: return (.rolledBack, last.reason ?? failure?.reason)
        case .error: return (.error, last.reason)
        case .interrupted: return (.interrupted, last.reason)
        }
    }

    private mutating func manifests(_ id: ObjectID) throws -> RevisionManifests {
        if let cached = cache[id] { return cached }
        let loaded = try RevisionManifests(store: store, commit: try store.repository.commit(id), defaultNamespace: defaultNamespace)
        cache[id] = loaded
        return loaded
    }
}
