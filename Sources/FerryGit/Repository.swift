import CGit2

/// An open git repository, with or without a work tree, read through libgit2.
///
/// Not `Sendable`: libgit2 forbids using one `git_repository` from two threads at once.
/// Open one `Repository` per task (opening is cheap) rather than sharing it.
public final class Repository {
    /// The libgit2 repository; owned, freed in `deinit`.
    let pointer: OpaquePointer
    /// The object database, opened once for the repository's life (size checks read headers through it).
    let odb: OpaquePointer

    /// Opens the repository at `path`: a work tree, any directory inside one, a `.git` directory, or a bare repository.
    ///
    /// Walks up from `path` to find the repository, as `git` does.
    public init(path: String) throws {
        try Libgit2.initialize()
        var opened: OpaquePointer?
        let result = git_repository_open_ext(&opened, path, 0, nil)
        if result == GitError.Code.notFound.rawValue {
            let (errorClass, _) = GitError.takeLastLibgit2Error()
            throw GitError(
                code: .notFound, errorClass: errorClass,
                message: "it is not a git repository, nor inside one: pass --repo with the repository's folder (or run `git init` and commit the manifests)",
                context: "opening repository at '\(path)'")
        }
        let repository = try make("opening repository at '\(path)'") { $0 = opened; return result }
        let odb: OpaquePointer
        do {
            odb = try make("opening the object database of '\(path)'") { git_repository_odb(&$0, repository) }
        } catch {
            git_repository_free(repository)
            throw error
        }
        do {
            // Before any object is read: libgit2 alone would spin forever on a truncated loose object.
            try LooseObjectGuard.install(on: odb, repository: repository)
        } catch {
            git_odb_free(odb)
            git_repository_free(repository)
            throw error
        }
        self.odb = odb
        pointer = repository
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(pointer)
    }

    /// True for a repository without a work tree (e.g. made by `git clone --bare`).
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// The work tree's root, without a trailing slash; nil for a bare repository.
    public var workDirectory: String? {
        git_repository_workdir(pointer).map { Self.trimmingSlash(String(cString: $0)) }
    }

    /// The git directory (`.git` of a work tree, or the bare repository itself), without a trailing slash.
    public var gitDirectory: String {
        git_repository_path(pointer).map { Self.trimmingSlash(String(cString: $0)) } ?? ""
    }

    /// How errors name this repository: the work tree, or the git directory when bare.
    var displayPath: String { workDirectory ?? gitDirectory }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
