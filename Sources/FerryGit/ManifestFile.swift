/// One manifest file read from git: a `*.yaml` or `*.yml` blob.
public struct ManifestFile: Sendable, Hashable, CustomStringConvertible {
    /// The path from the repository root, e.g. "manifests/spark/master.yaml".
    public let path: String
    /// The blob's id.
    public let blobID: ObjectID
    /// The file's content, exactly as stored (no line-ending or filter conversion).
    public let bytes: [UInt8]

    /// Makes a manifest file.
    public init(path: String, blobID: ObjectID, bytes: [UInt8]) {
        self.path = path
        self.blobID = blobID
        self.bytes = bytes
    }

    /// The path, blob id and size.
    public var description: String { "\(path) (\(blobID.short), \(bytes.count) bytes)" }
}

/// An entry under the manifest path that Ferry did not read, and why.
public struct SkippedEntry: Sendable, Hashable, CustomStringConvertible {
    /// Why an entry was skipped.
    public enum Reason: Sendable, Hashable {
        /// A symbolic link, never followed; `target` is the link's text, as stored.
        case symlink(target: String)
        /// A submodule (gitlink), never entered; `commit` is the commit it pins.
        case submodule(commit: ObjectID)
        /// A manifest over the size limit; its content was never loaded.
        case tooLarge(size: Int, limit: Int)
        /// The index holds a merge conflict for this path (only from `stagedManifests()`).
        case conflicted
    }

    /// The path from the repository root.
    public let path: String
    /// Why it was skipped.
    public let reason: Reason

    /// Makes a skipped entry.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// A line fit for a warning, e.g. "manifests/x.yaml: symlink to '../y.yaml', not followed".
    public var description: String {
        switch reason {
        case .symlink(let target): "\(path): symlink to '\(target)', not followed"
        case .submodule(let commit): "\(path): submodule at \(commit.short), not entered"
        case .tooLarge(let size, let limit): "\(path): \(size) bytes, over the \(limit)-byte limit, not read"
        case .conflicted: "\(path): unresolved merge conflict in the index, not read"
        }
    }
}

/// The manifests under a path at one commit (or in the index), with what was left out.
public struct ManifestSnapshot: Sendable, Hashable {
    /// Where a snapshot was read from.
    public enum Source: Sendable, Hashable {
        /// The tree of a commit.
        case commit(ObjectID)
        /// The index (the staging area).
        case index
    }

    /// Where the files were read from.
    public let source: Source
    /// Every YAML file read, sorted by path.
    public let files: [ManifestFile]
    /// Entries left out (symlinks, submodules, oversize files), sorted by path.
    public let skipped: [SkippedEntry]

    /// Makes a snapshot, sorting `files` and `skipped` by path.
    public init(source: Source, files: [ManifestFile], skipped: [SkippedEntry]) {
        self.source = source
        self.files = files.sorted { $0.path < $1.path }
        self.skipped = skipped.sorted { $0.path < $1.path }
    }

    /// The paths of every file read, sorted.
    public var paths: [String] { files.map(\.path) }

    /// The total size of the files read, in bytes.
    public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes.count } }

    /// The file at `path` (from the repository root), if it was read.
    public func file(at path: String) -> ManifestFile? { files.first { $0.path == path } }
}
