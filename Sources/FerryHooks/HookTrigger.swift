import FerrySync
import FerryGit

/// What a hook decides before it syncs: whether the new commit changes what ferry deploys,
/// which branch a push deploys, and whether the sync runs in the foreground.
public enum HookTrigger {
    /// The git config key naming the branch a bare repository's post-receive hook deploys.
    public static let branchKey = "ferry.branch"
    /// The git config key that makes hooks sync in the foreground (over `ferry.yaml`'s `hookSync`).
    public static let hookSyncKey = "ferry.hookSync"

    /// Whether going from `old` to `new` changes what ferry deploys: a file under the manifest
    /// path (the new commit's `ferry.yaml` names it), or `ferry.yaml` itself. No `old` (a first
    /// commit, a new branch) always does. When the answer cannot be read (a broken `ferry.yaml`),
    /// it is yes: the sync then reports the problem, where a silent hook would hide it.
    public static func changesDeployment(in repository: Repository, from old: Commit?, to new: Commit) -> Bool {
        guard let old else { return true }
        do {
            let newConfig = try repository.file(at: FerryConfig.fileName, in: new)
            guard newConfig == (try repository.file(at: FerryConfig.fileName, in: old)) else { return true }
            let path = try newConfig.map { try FerryConfig.parse($0).path } ?? nil
            let store = try ManifestStore(repository: repository, path: path ?? RevisionLoader.fallbackPath)
            return !(try store.changes(from: old, to: new)).isEmpty
        } catch {
            return true
        }
    }

    /// The branch a push deploys, as a full name (`refs/heads/main`): `git config ferry.branch`
    /// (a short or full name), else the branch HEAD points at; nil when HEAD is detached.
    public static func deployBranch(of repository: Repository) throws -> String? {
        if let configured = try repository.configString(branchKey), !configured.isEmpty {
            return configured.hasPrefix("refs/") ? configured : "refs/heads/" + configured
        }
        return try repository.headBranch()
    }

    /// Whether a hook syncs `commit` in the foreground: `git config ferry.hookSync` when set,
    /// else the commit's `ferry.yaml` `hookSync`, else no. A `ferry.yaml` that does not read
    /// counts as unset (the sync reports it).
    public static func syncsInForeground(_ repository: Repository, commit: Commit) throws -> Bool {
        if let configured = try repository.configBool(hookSyncKey) { return configured }
        guard let bytes = try? repository.file(at: FerryConfig.fileName, in: commit),
              let config = try? FerryConfig.parse(bytes) else { return false }
        return config.hookSync ?? false
    }

    /// One line of a post-receive hook's input: `OLD NEW REF`.
    public struct RefUpdate: Sendable, Equatable {
        public var old: String
        public var new: String
        public var ref: String

        public init(old: String, new: String, ref: String) {
            self.old = old
            self.new = new
            self.ref = ref
        }

        /// The all-zero id git writes for "no commit": a created ref's old side, a deleted one's new side.
        static func isZero(_ id: String) -> Bool { !id.isEmpty && id.allSatisfy { $0 == "0" } }
        /// The ref was created by this push.
        public var isCreation: Bool { Self.isZero(old) }
        /// The ref was deleted by this push.
        public var isDeletion: Bool { Self.isZero(new) }

        /// The lines git hands a post-receive hook on standard input; other lines are skipped.
        public static func parse(_ input: String) -> [RefUpdate] {
            input.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count == 3 else { return nil }
                return RefUpdate(old: String(fields[0]), new: String(fields[1]), ref: String(fields[2]))
            }
        }
    }
}
