import CGit2

/// The Kubernetes manifests under one directory of a repository, read straight from the object database.
///
/// Reads any commit without checking it out: the work tree is never touched. Only `*.yaml` and
/// `*.yml` blobs are read; symlinks are reported and never followed, submodules reported and never
/// entered, and files over `maxFileSize` reported without being loaded.
///
/// Not `Sendable`, like the `Repository` it reads.
public struct ManifestStore {
    /// The default bound on a manifest's size: 32 MiB.
    public static let defaultMaxFileSize = 32 << 20

    /// The repository read.
    public let repository: Repository
    /// The manifest directory from the repository root, normalised: no leading, trailing or doubled
    /// slashes and no `.` components; "" for the root.
    public let path: String
    /// Manifests larger than this many bytes are skipped (`.tooLarge`) without being loaded.
    public let maxFileSize: Int

    /// A store over `path`, a directory relative to the repository root ("" or "." for the root).
    ///
    /// Throws when the path is absolute or has a `..` component: the manifests must come from the repository.
    public init(repository: Repository, path: String, maxFileSize: Int = defaultMaxFileSize) throws {
        self.repository = repository
        self.path = try Self.normalize(path)
        self.maxFileSize = maxFileSize
    }

    /// Normalises a manifest path: "./manifests//spark/" becomes "manifests/spark", "." becomes "".
    ///
    /// Throws `GitError` (code `.invalid`) for an absolute path, a `..` component or a NUL byte.
    public static func normalize(_ path: String) throws -> String {
        func reject(_ why: String) -> GitError {
            GitError(code: .invalid, message: why, context: "invalid manifest path '\(path)'")
        }
        if path.hasPrefix("/") { throw reject("it must be relative to the repository root, not absolute") }
        if path.utf8.contains(0) { throw reject("it contains a NUL byte") }
        let components = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if components.contains("..") { throw reject("'..' would leave the repository") }
        return components.joined(separator: "/")
    }

    /// Whether a file name is a manifest's: ends in `.yaml` or `.yml`, case-sensitively, as
    /// `kubectl apply -f <directory>` decides.
    static func isManifestName(_ name: String) -> Bool {
        // Bytes, not Characters: a combining mark must not merge with the dot or the extension.
        name.utf8.reversed().starts(with: ".yaml".utf8.reversed())
            || name.utf8.reversed().starts(with: ".yml".utf8.reversed())
    }

    /// Whether `repositoryPath` lies under the manifest path (compared as bytes, by whole components).
    func contains(_ repositoryPath: String) -> Bool {
        path.isEmpty || repositoryPath.utf8.starts(with: "\(path)/".utf8)
    }

    /// How errors name the manifest path.
    var displayPath: String { path.isEmpty ? "the repository root" : "'\(path)'" }
}
