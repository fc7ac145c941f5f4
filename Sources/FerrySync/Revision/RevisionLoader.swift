import FerryGit
import FerryKube

/// What to read: a repository, a revision (or the index), and overrides for the
/// defaults `ferry.yaml` holds.
public struct RevisionRequest: Sendable {
    public var repository: String
    /// A revision spec such as `HEAD`, `main`, `v1.2`, `HEAD~2` or a short sha.
    public var revision: String
    /// Read the staged index instead of a commit.
    public var staged: Bool
    public var path: String?
    public var namespace: String?
    /// With `staged`: the index file to read instead of the repository's own (a pre-commit
    /// hook's `GIT_INDEX_FILE`, which `git commit -a` points at a temporary index).
    public var indexFile: String?

    public init(repository: String = ".", revision: String = "HEAD", staged: Bool = false,
                path: String? = nil, namespace: String? = nil, indexFile: String? = nil) {
        self.repository = repository
        self.revision = revision
        self.staged = staged
        self.path = path
        self.namespace = namespace
        self.indexFile = indexFile
    }
}

/// Reads a revision's desired state straight from git's object database: its
/// `ferry.yaml`, then every manifest under the configured path, decoded and validated.
public enum RevisionLoader {
    /// The namespace for objects that name none, when neither a flag nor `ferry.yaml` sets one.
    public static let fallbackNamespace = "default"
    /// The manifest path when neither a flag nor `ferry.yaml` sets one: the repository root.
    public static let fallbackPath = ""

    /// Loads and validates. Throws ``GitError`` when git cannot answer and ``ConfigError``
    /// when `ferry.yaml` is wrong; problems in the manifests are returned, not thrown, and an
    /// entry that could not be read (a symlink, a submodule, an oversize file) is one of them.
    public static func load(_ request: RevisionRequest) throws -> DesiredState {
        let repository = try Repository(path: request.repository)
        let origin: DesiredState.Origin
        let configBytes: [UInt8]?
        if request.staged {
            if let indexFile = request.indexFile { try repository.useIndex(at: indexFile) }
            origin = .index
            configBytes = try repository.stagedFile(at: FerryConfig.fileName)
        } else {
            let commit = try repository.resolve(request.revision)
            origin = .commit(commit, spec: request.revision)
            configBytes = try repository.file(at: FerryConfig.fileName, in: commit)
        }
        let config = try configBytes.map { try FerryConfig.parse($0) } ?? FerryConfig()
        let path = request.path ?? config.path ?? fallbackPath
        let namespace = request.namespace ?? config.namespace ?? fallbackNamespace

        // A path that is not a folder of the revision is invalid input, named where it was given.
        let pathProblem = { (error: GitError) -> ConfigError in
            let location = request.path != nil
                ? SourceLocation(file: "--path", line: 1, column: 1)
                : configBytes.flatMap { FerryConfig.location(of: "path", in: $0) }
                    ?? SourceLocation(file: FerryConfig.fileName, line: 1, column: 1)
            let example = request.path != nil ? "--path manifests" : "path: manifests"
            return ConfigError([ManifestProblem(
                "\(error); name a folder of the repository that holds the manifests, e.g. `\(example)`", at: location)])
        }
        let store: ManifestStore
        let snapshot: ManifestSnapshot
        do {
            store = try ManifestStore(repository: repository, path: path)
            snapshot = try origin.commit.map { try store.manifests(at: $0) } ?? store.stagedManifests()
        } catch let error as GitError where error.isManifestPathProblem {
            throw pathProblem(error)
        }
        // With the manifest path at the root, ferry.yaml is below it, but it is settings, not a manifest.
        let files = snapshot.files.filter { $0.path != FerryConfig.fileName }
        let sources = files.map { ManifestSource(path: $0.path, bytes: $0.bytes) }
        var manifests = ManifestSet.load(sources, defaultNamespace: namespace)
        // An entry that was not read may hold objects: leaving it out would prune them, so the
        // revision is invalid until it is fixed, on the path every command already takes.
        manifests.problems += snapshot.skipped.map(problem(for:))
        manifests.problems.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return DesiredState(
            origin: origin, repositoryPath: repository.workDirectory ?? repository.gitDirectory, config: config, manifestPath: store.path, defaultNamespace: namespace,
            manifests: manifests,
            uncommittedPaths: repository.isBare ? [] : try store.uncommittedChanges(),
            fileCount: files.count)
    }

    /// Why an entry under the manifest path could not be read, and what to do about it.
    static func problem(for entry: SkippedEntry) -> ManifestProblem {
        let message = switch entry.reason {
        case .tooLarge(let size, let limit):
            "file is \(mebibytes(size)), over the \(mebibytes(limit)) limit, and was not read; split it into smaller files (the API server refuses an object over 1.5 MiB anyway)"
        case .symlink(let target):
            "is a symlink (to '\(target)'); ferry reads files from git's object database and does not follow links: commit the file itself, or move the link out of the manifest path"
        case .submodule(let commit):
            "is a submodule (at \(commit.short)); ferry does not read other repositories: copy its manifests into this repository, or move the submodule out of the manifest path"
        case .conflicted:
            "has an unresolved merge conflict in the index; resolve it and `git add` the file"
        }
        return ManifestProblem(message, at: SourceLocation(file: entry.path, line: 1, column: 1))
    }

    /// "40 MiB", "32.5 MiB", or bytes below 1 MiB.
    static func mebibytes(_ bytes: Int) -> String {
        guard bytes >= 1 << 20 else { return "\(bytes) bytes" }
        let tenths = (bytes * 10) >> 20
        return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
    }
}
