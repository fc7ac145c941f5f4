import CGit2

extension ManifestStore {
    /// The commits reachable from `commit` that changed anything under the manifest path, newest first.
    ///
    /// A commit changed the path when the path's tree entry id differs from its first parent's
    /// (for a root commit: when the path exists). Comparing ids never diffs file content, so this
    /// costs a few object lookups per commit. Merges that took the first parent's manifests are
    /// left out; the side branch's own commits are listed. Order is git's topological-then-time
    /// order (`git log --topo-order`). Stops after `limit` commits when given.
    public func history(from commit: Commit, limit: Int? = nil) throws -> [Commit] {
        if let limit, limit <= 0 { return [] }
        let repo = repository.pointer
        let walk = try make("starting a history walk in \(repository.displayPath)") { git_revwalk_new(&$0, repo) }
        defer { git_revwalk_free(walk) }
        try check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
            "sorting the history walk")
        var start = commit.id.oid
        try check(git_revwalk_push(walk, &start), "walking the history of commit \(commit.id.short)")

        // A parent's entry is computed when its child is visited; keep it for the parent's own
        // visit, which usually comes next, so each commit's tree is searched once.
        var entryCache: [ObjectID: PathEntry] = [:]
        var commits: [Commit] = []
        var id = git_oid()
        while true {
            let result = git_revwalk_next(&id, walk)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "walking the history of commit \(commit.id.short)")
            let current = try make("reading commit \(ObjectID(&id).short)") { git_commit_lookup(&$0, repo, &id) }
            defer { git_commit_free(current) }
            let own = try entryCache.removeValue(forKey: ObjectID(&id)) ?? pathEntry(of: current)

            let changed: Bool
            if git_commit_parentcount(current) == 0 {
                changed = own.id != nil
            } else {
                let parent = try make("reading the first parent of commit \(ObjectID(&id).short)") {
                    git_commit_parent(&$0, current, 0)
                }
                defer { git_commit_free(parent) }
                let theirs = try pathEntry(of: parent)
                if let parentID = git_commit_id(parent) { entryCache[ObjectID(parentID)] = theirs }
                changed = own != theirs
            }
            if changed {
                commits.append(try Commit(current))
                if let limit, commits.count >= limit { break }
            }
        }
        return commits
    }

    /// The manifest path's entry id in a commit's tree (nil id when the path is absent).
    private func pathEntry(of commit: OpaquePointer) throws -> PathEntry {
        let tree = try make("reading a commit's tree") { git_commit_tree(&$0, commit) }
        defer { git_tree_free(tree) }
        guard var found = try entry(in: tree)?.id else { return PathEntry(id: nil) }
        return PathEntry(id: ObjectID(&found))
    }
}

/// The manifest path's tree entry in one commit; `nil` id when the path does not exist there.
private struct PathEntry: Equatable {
    let id: ObjectID?
}
