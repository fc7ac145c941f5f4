import CGit2

extension ManifestStore {
    /// Every `*.yaml` / `*.yml` file under the manifest path in `commit`'s tree, recursively, sorted by path.
    ///
    /// Symlinks, submodules and files over `maxFileSize` are listed in `skipped` instead; other files
    /// are ignored. Throws when the path does not exist at `commit`, or is not a directory there.
    public func manifests(at commit: Commit) throws -> ManifestSnapshot {
        let start = try directoryID(at: commit)
        var builder = SnapshotBuilder(repository: repository, maxFileSize: maxFileSize)
        // Trees still to read, by id: only one tree is held open at a time, so each is freed by the
        // `defer` of the iteration that opened it, on every path.
        var pending: [(id: git_oid, path: String)] = [(start, path)]
        while let next = pending.popLast() {
            var id = next.id
            let directory = next.path
            let tree = try make("reading tree \(ObjectID(id).short) ('\(directory)') at commit \(commit.id.short)", referenced: true) {
                git_tree_lookup(&$0, repository.pointer, &id)
            }
            defer { git_tree_free(tree) }
            for index in 0..<git_tree_entrycount(tree) {
                guard let entry = git_tree_entry_byindex(tree, index),
                      let cName = git_tree_entry_name(entry),
                      let entryID = git_tree_entry_id(entry)
                else { continue }
                let name = String(cString: cName)
                let entryPath = directory.isEmpty ? name : "\(directory)/\(name)"
                switch git_tree_entry_filemode(entry) {
                case GIT_FILEMODE_TREE:
                    pending.append((entryID.pointee, entryPath))
                case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
                    if Self.isManifestName(name) { try builder.addBlob(path: entryPath, id: entryID) }
                case GIT_FILEMODE_LINK:
                    try builder.addSymlink(path: entryPath, id: entryID)
                case GIT_FILEMODE_COMMIT:
                    builder.addSubmodule(path: entryPath, id: entryID)
                default:
                    continue
                }
            }
        }
        return builder.build(source: .commit(commit.id))
    }

    /// The id of the manifest directory's tree at `commit`; throws if it is missing or not a directory.
    func directoryID(at commit: Commit) throws -> git_oid {
        let tree = try rootTree(of: commit)
        defer { git_tree_free(tree) }
        guard let (id, mode) = try entry(in: tree) else {
            // Only reached for a non-root path: the root always exists.
            throw GitError(
                code: .notFound, message: "no such file or directory in that commit's tree",
                context: "manifest path '\(path)' not found at commit \(commit.id.short)")
        }
        guard mode == GIT_FILEMODE_TREE else {
            let kind = switch mode {
            case GIT_FILEMODE_LINK: "a symlink"
            case GIT_FILEMODE_COMMIT: "a submodule"
            default: "a file"
            }
            throw GitError(
                code: .invalid, message: "it is \(kind), not a directory",
                context: "manifest path '\(path)' at commit \(commit.id.short)")
        }
        return id
    }

    /// `commit`'s root tree; the caller frees it.
    func rootTree(of commit: Commit) throws -> OpaquePointer {
        var treeID = commit.treeID.oid
        return try make("reading the tree of commit \(commit.id.short)", referenced: true) {
            git_tree_lookup(&$0, repository.pointer, &treeID)
        }
    }

    /// The id and mode of the manifest path's entry in `tree` (a root tree); nil when there is none.
    func entry(in tree: OpaquePointer) throws -> (id: git_oid, mode: git_filemode_t)? {
        guard !path.isEmpty else {
            guard let id = git_tree_id(tree) else { return nil }
            return (id.pointee, GIT_FILEMODE_TREE)
        }
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, tree, path)
        defer { git_tree_entry_free(entry) }
        if result == GitError.Code.notFound.rawValue { return nil }
        try check(result, "looking up \(displayPath)")
        guard let entry, let id = git_tree_entry_id(entry) else { return nil }
        return (id.pointee, git_tree_entry_filemode(entry))
    }
}
