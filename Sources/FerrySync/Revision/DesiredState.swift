import FerryGit
import FerryKube

/// What a revision of the repository asks the cluster to be: its validated objects,
/// and where they came from.
public struct DesiredState: Sendable {
    /// Where the manifests were read.
    public enum Origin: Sendable, CustomStringConvertible {
        /// A commit, and the revision spec that named it.
        case commit(Commit, spec: String)
        /// The staged content of the index (a pre-commit check).
        case index

        public var description: String {
            switch self {
            case .commit(let commit, let spec):
                return spec == commit.id.hex || commit.id.hex.hasPrefix(spec) ? commit.id.short : "\(commit.id.short) (\(spec))"
            case .index: return "the index (staged changes)"
            }
        }

        public var commit: Commit? {
            if case .commit(let commit, _) = self { return commit }
            return nil
        }
    }

    public var origin: Origin
    /// The repository's work tree, or its git directory when bare (absolute).
    public var repositoryPath: String
    /// The repository's `ferry.yaml` as read from the same revision.
    public var config: FerryConfig
    /// The manifest folder, relative to the repository root ("" for the root).
    public var manifestPath: String
    /// The namespace given to namespaced objects that name none.
    public var defaultNamespace: String
    public var manifests: ManifestSet
    /// Paths under the manifest path that differ in the work tree: not deployed until committed.
    public var uncommittedPaths: [String]
    /// How many manifest files were read.
    public var fileCount: Int

    /// Where the instance's record and lock live: `ferry.yaml`'s `recordNamespace`, else `default`.
    public var recordNamespace: String { config.recordNamespace ?? "default" }
}
