import CGit2

extension ManifestStore {
    /// The manifests under the path as staged in the index: what the next commit would hold.
    ///
    /// For a pre-commit hook. Reads stage-0 entries with the same rules as `manifests(at:)`:
    /// symlinks (mode 120000) and submodules (160000) are skipped and reported, oversize files
    /// reported unread; paths with an unresolved merge conflict are reported as `.conflicted`, and
    /// intent-to-add entries (`git add -N`, nothing staged yet) are ignored. Throws when the index
    /// holds nothing under the path, or holds a file at the path itself.
    public func stagedManifests() throws -> ManifestSnapshot {
        let index = try make("opening the index of \(repository.displayPath)") {
            git_repository_index(&$0, repository.pointer)
        }
        defer { git_index_free(index) }
        // The repository caches its index: reload it in case git changed the file since.
        try check(git_index_read(index, 0), "reading the index of \(repository.displayPath)")

        if !path.isEmpty, git_index_get_bypath(index, path, 0) != nil {
            throw GitError(
                code: .invalid, message: "it is a file, not a directory",
                context: "manifest path '\(path)' in the index")
        }

        var builder = SnapshotBuilder(repository: repository, maxFileSize: maxFileSize)
        var conflicted: Set<String> = []
        var found = false
        // The index is sorted by path, so the entries under the directory are one run from its prefix.
        var position = 0
        if !path.isEmpty {
            let result = git_index_find_prefix(&position, index, "\(path)/")
            if result == GitError.Code.notFound.rawValue { position = git_index_entrycount(index) }
            else { try check(result, "searching the index for \(displayPath)") }
        }
        while position < git_index_entrycount(index) {
            defer { position += 1 }
            guard let entry = git_index_get_byindex(index, position), let cPath = entry.pointee.path else { continue }
            let entryPath = String(cString: cPath)
            guard contains(entryPath) else { break }
            found = true
            if git_index_entry_stage(entry) != 0 {
                if conflicted.insert(entryPath).inserted {
                    builder.addSkipped(SkippedEntry(path: entryPath, reason: .conflicted))
                }
                continue
            }
            if UInt32(entry.pointee.flags_extended) & GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue != 0 { continue }
            var id = entry.pointee.id
            switch entry.pointee.mode {
            case GIT_FILEMODE_BLOB.rawValue, GIT_FILEMODE_BLOB_EXECUTABLE.rawValue:
                let name = entryPath.split(separator: "/").last.map(String.init) ?? entryPath
                if Self.isManifestName(name) { try builder.addBlob(path: entryPath, id: &id) }
            case GIT_FILEMODE_LINK.rawValue:
                try builder.addSymlink(path: entryPath, id: &id)
            case GIT_FILEMODE_COMMIT.rawValue:
                builder.addSubmodule(path: entryPath, id: &id)
            default:
                continue
            }
        }
        if !path.isEmpty, !found {
            throw GitError(
                code: .notFound, message: "nothing is staged under it",
                context: "manifest path '\(path)' not found in the index")
        }
        return builder.build(source: .index)
    }
}
