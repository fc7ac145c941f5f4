import CGit2

extension Repository {
    /// Whether `ancestor` is `commit` itself or one of its ancestors.
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws -> Bool {
        if ancestor == commit { return true }
        var descendant = commit.oid, base = ancestor.oid
        let result = git_graph_descendant_of(pointer, &descendant, &base)
        try check(result, "checking whether \(ancestor.short) is an ancestor of \(commit.short) in \(displayPath)")
        return result == 1
    }

    /// Writes one commit per entry of `commits` (newest first, as `git revert A B` takes
    /// them) on the branch HEAD names, each undoing its commit as `git revert` does: message
    /// `Revert "<subject>"` and `This reverts commit <sha>.`, author and committer from the
    /// repository's configuration (`user.name`, `user.email`). Then the work tree and index
    /// follow (a safe checkout: local edits are never overwritten).
    ///
    /// All or nothing: the branch moves only once every revert is written, so a conflict or
    /// a missing identity leaves the branch where it was.
    @discardableResult
    public func revert(_ commits: [Commit]) throws -> [Commit] {
        guard !commits.isEmpty else { return [] }
        var signature: UnsafeMutablePointer<git_signature>?
        let signed = git_signature_default(&signature, pointer)
        defer { git_signature_free(signature) }
        guard signed >= 0, let signature else {
            _ = GitError.takeLastLibgit2Error()
            throw GitError(code: .notFound,
                           message: "no author configured; set one with `git config user.name NAME` and `git config user.email EMAIL`",
                           context: "writing a revert commit in \(displayPath)")
        }
        var tip = try head().id
        var written: [ObjectID] = []
        for commit in commits {
            tip = try writeRevert(of: commit, onto: tip, signature: signature)
            written.append(tip)
        }
        // The work tree first, against the old HEAD as baseline, so files that match it are
        // updated and a local edit stops everything before the branch moves.
        if !isBare {
            var tipID = tip.oid
            let tipCommit = try make("looking up the revert commit \(tip.short)") { git_object_lookup(&$0, pointer, &tipID, GIT_OBJECT_COMMIT) }
            defer { git_object_free(tipCommit) }
            var options = git_checkout_options()
            try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "preparing a checkout")
            options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
            try check(git_checkout_tree(pointer, tipCommit, &options),
                      "updating the work tree to the revert commit \(tip.short) in \(displayPath) (commit or discard local changes first)")
        }
        let reference = try make("reading HEAD's branch in \(displayPath)") { git_repository_head(&$0, pointer) }
        defer { git_reference_free(reference) }
        var target = tip.oid
        let moved = try make("moving the branch to the revert commit \(tip.short) in \(displayPath)") {
            git_reference_set_target(&$0, reference, &target, "ferry rollback --revert")
        }
        git_reference_free(moved)
        return try written.map { try self.commit($0) }
    }

    /// Writes the commit that undoes `commit` on top of `tip`, without moving any branch.
    private func writeRevert(of commit: Commit, onto tip: ObjectID, signature: UnsafePointer<git_signature>) throws -> ObjectID {
        guard commit.parents.count <= 1 else {
            throw GitError(code: .invalid, message: "it is a merge commit; revert it by hand with `git revert -m 1 \(commit.id.short)`",
                           context: "reverting commit \(commit.id.short) in \(displayPath)")
        }
        var revertID = commit.id.oid, tipID = tip.oid
        let reverted = try make("looking up commit \(commit.id.short) in \(displayPath)") {
            git_commit_lookup(&$0, pointer, &revertID)
        }
        defer { git_commit_free(reverted) }
        let ours = try make("looking up commit \(tip.short) in \(displayPath)") { git_commit_lookup(&$0, pointer, &tipID) }
        defer { git_commit_free(ours) }
        let index = try make("reverting commit \(commit.id.short) in \(displayPath)") {
            git_revert_commit(&$0, pointer, reverted, ours, 0, nil)
        }
        defer { git_index_free(index) }
        guard git_index_has_conflicts(index) == 0 else {
            throw GitError(code: .invalid,
                           message: "it conflicts with later commits; nothing was committed. Revert it by hand (`git revert \(commit.id.short)`) and resolve the conflict",
                           context: "reverting commit \(commit.id.short) in \(displayPath)")
        }
        var treeID = git_oid()
        try check(git_index_write_tree_to(&treeID, index, pointer), "writing the tree of the revert of \(commit.id.short)")
        let tree = try make("reading the tree of the revert of \(commit.id.short)") { git_tree_lookup(&$0, pointer, &treeID) }
        defer { git_tree_free(tree) }
        let message = "Revert \"\(commit.summary)\"\n\nThis reverts commit \(commit.id.hex).\n"
        var newID = git_oid()
        var parents: [OpaquePointer?] = [ours]
        try parents.withUnsafeMutableBufferPointer { buffer -> Void in
            try check(git_commit_create(&newID, pointer, nil, signature, signature, nil, message, tree, 1, buffer.baseAddress),
                      "committing the revert of \(commit.id.short) in \(displayPath)")
        }
        return ObjectID(newID)
    }
}
