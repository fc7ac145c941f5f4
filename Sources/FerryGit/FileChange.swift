/// A file under the manifest path that differs between two commits.
public struct FileChange: Sendable, Hashable, CustomStringConvertible {
    /// How the file changed.
    public enum Kind: Sendable, Hashable {
        /// New in the later commit.
        case added
        /// Content (or executable bit) changed in place.
        case modified
        /// Gone in the later commit.
        case deleted
        /// Moved from `oldPath` to `newPath`; `similarity` is git's content similarity, 0-100.
        case renamed(similarity: Int)
        /// Changed kind at the same path, e.g. a file replaced by a symlink or a submodule.
        case typeChanged
    }

    /// How the file changed.
    public let kind: Kind
    /// The path in the earlier commit, from the repository root; nil when added.
    public let oldPath: String?
    /// The path in the later commit, from the repository root; nil when deleted.
    public let newPath: String?
    /// The blob (or submodule commit) in the earlier commit; nil when added.
    public let oldID: ObjectID?
    /// The blob (or submodule commit) in the later commit; nil when deleted.
    public let newID: ObjectID?

    /// Makes a change.
    public init(kind: Kind, oldPath: String?, newPath: String?, oldID: ObjectID?, newID: ObjectID?) {
        self.kind = kind
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldID = oldID
        self.newID = newID
    }

    /// The path the file has now (or last had, when deleted).
    public var path: String { newPath ?? oldPath ?? "" }

    /// Whether either side is a manifest (`*.yaml` / `*.yml`), the files `manifests(at:)` reads.
    public var isManifest: Bool {
        [oldPath, newPath].contains { $0.map(ManifestStore.isManifestName) ?? false }
    }

    /// A `git diff --name-status`-like line, e.g. "R096 manifests/a.yaml -> manifests/b.yaml".
    public var description: String {
        switch kind {
        case .added: "A \(path)"
        case .modified: "M \(path)"
        case .deleted: "D \(path)"
        case .typeChanged: "T \(path)"
        case .renamed(let similarity):
            "R\(String(repeating: "0", count: max(0, 3 - String(similarity).count)))\(similarity) \(oldPath ?? "") -> \(newPath ?? "")"
        }
    }
}
