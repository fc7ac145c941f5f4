import CGit2

extension Repository {
    /// The commit a revision spec names: anything `git rev-parse` accepts, such as `HEAD`, `main`,
    /// `v1.2` (annotated tags are peeled to their commit), `HEAD~2`, `main^` or a short id.
    ///
    /// Throws `GitError` with code `.notFound` when nothing matches, `.ambiguous` for a short id
    /// matching several objects, and `.invalidSpec` for a malformed spec or one naming something
    /// that is not a commit (e.g. `HEAD:manifests`, a tree). The description always carries
    /// libgit2's own message, e.g. "revision 'nope' not found in /srv/repo: revspec 'nope' not found".
    public func resolve(_ spec: String) throws -> Commit {
        var object: OpaquePointer?
        let result = git_revparse_single(&object, pointer, spec)
        defer { git_object_free(object) }
        if result == GitError.Code.notFound.rawValue {
            var (errorClass, message) = GitError.takeLastLibgit2Error()
            if let reason = whyMissing(spec) { message += "; " + reason }
            throw GitError(code: .notFound, errorClass: errorClass, message: message,
                           context: "revision '\(spec)' not found in \(displayPath)")
        }
        try check(result, "resolving revision '\(spec)' in \(displayPath)")
        guard let object else {
            throw GitError(code: .generic, message: "libgit2 returned no object", context: "resolving revision '\(spec)'")
        }
        let commit = try make("revision '\(spec)' in \(displayPath) does not name a commit") {
            git_object_peel(&$0, object, GIT_OBJECT_COMMIT)
        }
        defer { git_commit_free(commit) }
        return try Commit(commit)
    }

    /// The commit with the given id.
    public func commit(_ id: ObjectID) throws -> Commit {
        var oid = id.oid
        let commit = try make("looking up commit \(id.hex) in \(displayPath)") {
            git_commit_lookup(&$0, pointer, &oid)
        }
        defer { git_commit_free(commit) }
        return try Commit(commit)
    }

    /// Why a revision is missing when the repository's state explains it better than a typo
    /// would: HEAD on a branch without commits, or history a shallow clone does not hold.
    private func whyMissing(_ spec: String) -> String? {
        if spec.hasPrefix("HEAD"), git_repository_head_unborn(pointer) == 1 {
            let branch = ((try? headBranch()) ?? nil).map { "branch '\($0.replacingPrefix("refs/heads/"))'" } ?? "a branch"
            return "HEAD is on \(branch), which has no commits yet: commit the manifests first, or name another revision with --rev"
        }
        if git_repository_is_shallow(pointer) == 1 {
            return "this is a shallow clone, which holds only part of the history: fetch the rest (`git fetch --unshallow`, or `git fetch --deepen N`)"
        }
        return nil
    }

    /// The commit HEAD points at.
    public func head() throws -> Commit { try resolve("HEAD") }
}

private extension String {
    /// The string without `prefix` when it starts with it.
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
