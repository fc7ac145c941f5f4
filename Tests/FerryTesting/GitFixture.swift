import Foundation

/// A temporary git repository built with the real `git` command-line tool, for tests.
///
/// Every commit is reproducible: author and committer are fixed ("Ferry Test
/// <test@ferry.invalid>"), dates are fixed when asked, the default branch is `main`, and the
/// user's and system's git configuration are ignored. The directory is deleted by `remove()`
/// or when the fixture is deinitialised.
///
/// ```swift
/// let repo = try GitFixture()
/// try repo.write("manifests/app.yaml", "kind: ConfigMap\n")
/// let first = try repo.commit("Add app")
/// ```
public final class GitFixture {
    /// Errors the fixture raises itself (a failing `git` raises `FerryTesting.ProcessError`).
    public struct FixtureError: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The author and committer name every commit gets.
    public static let authorName = "Ferry Test"
    /// The author and committer email every commit gets.
    public static let authorEmail = "test@ferry.invalid"

    /// The repository's root: the work tree, or the repository itself when bare.
    public let url: URL
    /// Whether the repository has no work tree.
    public let isBare: Bool
    /// The temporary directory holding `url`, deleted by `remove()`.
    private let container: URL
    private var removed = false

    /// `url` as a file system path.
    public var path: String { url.path }

    /// Creates an empty repository (no commits) on branch `main` in a new temporary directory.
    public init(bare: Bool = false) throws {
        container = try Self.makeTemporaryDirectory()
        url = container.appendingPathComponent(bare ? "repository.git" : "repository", isDirectory: true)
        isBare = bare
        do {
            try Self.git(["init", "--quiet"] + (bare ? ["--bare"] : []) + [url.path], in: container)
        } catch {
            try? FileManager.default.removeItem(at: container)
            throw error
        }
    }

    /// Wraps a repository made elsewhere (e.g. by `git clone`) inside `container`, which the fixture then owns.
    private init(container: URL, url: URL, isBare: Bool) {
        self.container = container
        self.url = url
        self.isBare = isBare
    }

    deinit { remove() }

    /// Deletes the repository and its temporary directory; later calls do nothing.
    public func remove() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(at: container)
    }

    // MARK: Running git

    /// The environment every `git` runs with: no user or system configuration, a fixed
    /// identity, no prompts, and none of the caller's `GIT_*` variables (a test run from a git
    /// hook must not inherit that repository's `GIT_DIR`).
    public static func environment(date: Date? = nil) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_AUTHOR_NAME"] = authorName
        environment["GIT_AUTHOR_EMAIL"] = authorEmail
        environment["GIT_COMMITTER_NAME"] = authorName
        environment["GIT_COMMITTER_EMAIL"] = authorEmail
        if let date {
            // git's internal date format: seconds since the epoch and a zone.
            let stamp = "\(Int(date.timeIntervalSince1970)) +0000"
            environment["GIT_AUTHOR_DATE"] = stamp
            environment["GIT_COMMITTER_DATE"] = stamp
        }
        return environment
    }

    /// Runs `git <arguments>` in the repository and returns its standard output; throws
    /// `FerryTesting.ProcessError` when git fails.
    ///
    /// Runs with `-c init.defaultBranch=main -c commit.gpgsign=false -c tag.gpgsign=false`, `environment(date:)`,
    /// and `input` on standard input.
    @discardableResult
    public func git(_ arguments: String..., date: Date? = nil, input: String? = nil) throws -> String {
        try git(arguments, date: date, input: input.map { Data($0.utf8) })
    }

    /// Runs `git <arguments>` in the repository and returns its standard output (see `git(_:date:input:)`).
    @discardableResult
    public func git(_ arguments: [String], date: Date? = nil, input: Data? = nil) throws -> String {
        try Self.git(arguments, in: url, date: date, input: input)
    }

    /// Runs `git <arguments>` in `directory`, configured like every fixture's git.
    @discardableResult
    public static func git(_ arguments: [String], in directory: URL, date: Date? = nil, input: Data? = nil) throws -> String {
        let command = ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"] + arguments
        let result = try FerryTesting.run(
            "git", command, in: directory, environment: environment(date: date), input: input)
        guard result.succeeded else { throw FerryTesting.ProcessError(command: ["git"] + command, result: result) }
        return result.output
    }

    // MARK: Files in the work tree

    /// The URL of `path` (relative to the repository root).
    public func url(of path: String) -> URL { url.appendingPathComponent(path) }

    /// Writes `contents` to `path` in the work tree, creating directories as needed. Not staged.
    public func write(_ path: String, _ contents: String) throws {
        try write(path, bytes: Data(contents.utf8))
    }

    /// Writes raw bytes to `path` in the work tree, creating directories as needed. Not staged.
    public func write(_ path: String, bytes: Data) throws {
        try requireWorkTree()
        let file = url(of: path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
    }

    /// The content of `path` in the work tree.
    public func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: url(of: path)), as: UTF8.self)
    }

    /// Deletes `path` (a file, symlink or directory) from the work tree. Not staged.
    public func removeFile(_ path: String) throws {
        try requireWorkTree()
        try FileManager.default.removeItem(at: url(of: path))
    }

    /// Moves `path` to `newPath` in the work tree, creating directories as needed. Not staged.
    public func rename(_ path: String, to newPath: String) throws {
        try requireWorkTree()
        let destination = url(of: newPath)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: url(of: path), to: destination)
    }

    /// Makes a symbolic link at `path` whose text is `target` (stored as given, never resolved). Not staged.
    public func symlink(_ path: String, to target: String) throws {
        try requireWorkTree()
        let link = url(of: path)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
    }

    // MARK: Index and commits

    /// Stages `paths` (files, directories, deletions), or every change in the work tree when none are given.
    public func stage(_ paths: String...) throws {
        try git(["add", "--all", "--"] + (paths.isEmpty ? ["."] : paths))
    }

    /// Commits and returns the new commit's full id.
    ///
    /// With `stagingAll` (the default) every change in the work tree is staged first, like
    /// `git add --all && git commit`; otherwise only what is already staged is committed. `date`
    /// fixes author and committer dates. Empty commits are allowed.
    @discardableResult
    public func commit(_ message: String, stagingAll: Bool = true, date: Date? = nil) throws -> String {
        if stagingAll { try stage() }
        try git(["commit", "--quiet", "--allow-empty", "--no-verify", "-m", message], date: date)
        return try revParse("HEAD")
    }

    /// The full id `revision` names (`git rev-parse --verify`).
    public func revParse(_ revision: String) throws -> String {
        try git("rev-parse", "--verify", "--quiet", revision)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Tags `revision`: a lightweight tag, or an annotated one when `message` is given.
    public func tag(_ name: String, at revision: String = "HEAD", message: String? = nil) throws {
        if let message {
            try git(["tag", "--annotate", "--message", message, name, revision])
        } else {
            try git(["tag", name, revision])
        }
    }

    /// Creates branch `name` at `revision` without switching to it.
    public func branch(_ name: String, at revision: String = "HEAD") throws {
        try git(["branch", name, revision])
    }

    /// Switches the work tree to `revision` (`git checkout --quiet`).
    public func checkout(_ revision: String) throws {
        try git(["checkout", "--quiet", revision])
    }

    // MARK: Submodules and clones

    /// Adds `other` (which needs at least one commit) as a submodule at `path`, staged but not committed.
    public func addSubmodule(_ path: String, from other: GitFixture) throws {
        try git(["-c", "protocol.file.allow=always", "submodule", "--quiet", "add", other.path, path])
    }

    /// Stages a gitlink (a submodule entry, mode 160000) at `path` pinning `commit`, without
    /// cloning anything or writing `.gitmodules`: the commit need not exist anywhere.
    public func addGitlink(_ path: String, commit: String) throws {
        try git(["update-index", "--add", "--cacheinfo", "160000,\(commit),\(path)"])
    }

    /// A bare clone of this repository (`git clone --bare`), in its own temporary directory.
    public func bareClone() throws -> GitFixture {
        let container = try Self.makeTemporaryDirectory()
        let clone = container.appendingPathComponent("clone.git", isDirectory: true)
        do {
            try Self.git(["clone", "--quiet", "--bare", path, clone.path], in: container)
        } catch {
            try? FileManager.default.removeItem(at: container)
            throw error
        }
        return GitFixture(container: container, url: clone, isBare: true)
    }

    // MARK: Helpers

    private func requireWorkTree() throws {
        if isBare { throw FixtureError(description: "\(path) is a bare repository: it has no work tree") }
    }

    /// A new, empty directory under the system's temporary directory, with symlinks resolved
    /// (macOS's /var is /private/var) so paths compare equal to what git and libgit2 report.
    private static func makeTemporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-git-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.resolvingSymlinksInPath()
    }
}
