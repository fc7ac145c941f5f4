import CGit2

extension Repository {
    /// The content of the regular file at `path` (from the repository root) in `commit`'s tree;
    /// nil when nothing is there. For single files such as `ferry.yaml`.
    ///
    /// Throws when the path holds a directory, a symlink (never followed) or a submodule, or a
    /// file over `maxSize` bytes (checked from the object header, before loading).
    public func file(at path: String, in commit: Commit, maxSize: Int = ManifestStore.defaultMaxFileSize) throws -> [UInt8]? {
        let normalized = try ManifestStore.normalize(path)
        guard !normalized.isEmpty else {
            throw GitError(code: .invalid, message: "it is the repository root, a directory", context: "reading '\(path)'")
        }
        var treeID = commit.treeID.oid
        let tree = try make("reading the tree of commit \(commit.id.short)", referenced: true) {
            git_tree_lookup(&$0, pointer, &treeID)
        }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, tree, normalized)
        defer { git_tree_entry_free(entry) }
        if result == GitError.Code.notFound.rawValue { return nil }
        try check(result, "looking up '\(normalized)' at commit \(commit.id.short)")
        guard let entry, let id = git_tree_entry_id(entry) else { return nil }
        let place = "'\(normalized)' at commit \(commit.id.short)"
        return try readRegularFile(id: id, mode: git_tree_entry_filemode(entry).rawValue, maxSize: maxSize, describing: place)
    }

    /// The content of the regular file at `path` (from the repository root) as staged in the
    /// index; nil when the index has no such entry. Same rules as `file(at:in:maxSize:)`.
    public func stagedFile(at path: String, maxSize: Int = ManifestStore.defaultMaxFileSize) throws -> [UInt8]? {
        let normalized = try ManifestStore.normalize(path)
        let index = try make("opening the index of \(displayPath)") { git_repository_index(&$0, pointer) }
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "reading the index of \(displayPath)")
        guard let entry = git_index_get_bypath(index, normalized, 0) else {
            if git_index_get_bypath(index, normalized, 1) != nil || git_index_get_bypath(index, normalized, 2) != nil {
                throw GitError(
                    code: .invalid, message: "it has an unresolved merge conflict",
                    context: "reading '\(normalized)' from the index")
            }
            return nil
        }
        var id = entry.pointee.id
        return try readRegularFile(id: &id, mode: entry.pointee.mode, maxSize: maxSize, describing: "'\(normalized)' in the index")
    }

    /// Loads a regular file's blob, refusing other kinds of entries and oversize blobs.
    private func readRegularFile(id: UnsafePointer<git_oid>, mode: UInt32, maxSize: Int, describing place: String) throws -> [UInt8] {
        let kind: String? = switch mode {
        case GIT_FILEMODE_BLOB.rawValue, GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: nil
        case GIT_FILEMODE_TREE.rawValue: "a directory"
        case GIT_FILEMODE_LINK.rawValue: "a symlink (Ferry never follows symlinks)"
        case GIT_FILEMODE_COMMIT.rawValue: "a submodule"
        default: "not a regular file"
        }
        if let kind {
            throw GitError(code: .invalid, message: "it is \(kind)", context: "reading \(place)")
        }
        let size = try blobSize(id, describing: place)
        guard size <= maxSize else {
            throw GitError(code: .invalid, message: "it is \(size) bytes, over the \(maxSize)-byte limit", context: "reading \(place)")
        }
        return try blobBytes(id, describing: place)
    }
}
