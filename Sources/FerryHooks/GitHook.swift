/// The git hooks ferry installs, and what each does.
public enum GitHook: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Validates the staged manifests; a problem refuses the commit.
    case preCommit = "pre-commit"
    /// Syncs the new commit when it changed the manifests or `ferry.yaml`.
    case postCommit = "post-commit"
    /// Syncs after a merge or pull moved HEAD, when that changed the manifests or `ferry.yaml`.
    case postMerge = "post-merge"
    /// In a bare repository: syncs a push to the deploy branch.
    case postReceive = "post-receive"

    /// The hooks a repository gets: a work tree validates and syncs its own commits; a bare
    /// repository (a deploy host) syncs what is pushed to it.
    public static func installed(bare: Bool) -> [GitHook] {
        bare ? [.postReceive] : [.preCommit, .postCommit, .postMerge]
    }

    /// The file name of the hook git runs before ferry's, when one was there before.
    public var chainedName: String { rawValue + HookInstaller.chainedSuffix }

    public var description: String { rawValue }
}
