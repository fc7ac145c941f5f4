import CGit2

extension ManifestStore {
    /// The files under the manifest path that differ from `old` to `new`: added, modified, deleted,
    /// renamed (git's rename detection, 50% similarity) or changed in type, sorted by path.
    ///
    /// Every file under the path counts, not only manifests: filter with `FileChange.isManifest`.
    /// A file moved into the path from outside it is listed as added; one moved out, as deleted.
    /// The path need not exist in either commit (it then counts as empty).
    public func changes(from old: Commit, to new: Commit) throws -> [FileChange] {
        let oldTree = try rootTree(of: old)
        defer { git_tree_free(oldTree) }
        let newTree = try rootTree(of: new)
        defer { git_tree_free(newTree) }

        let context = "comparing \(displayPath) between commits \(old.id.short) and \(new.id.short)"
        let diff = try withDiffOptions { options in
            try make(context) { git_diff_tree_to_tree(&$0, repository.pointer, oldTree, newTree, &options) }
        }
        defer { git_diff_free(diff) }

        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), context)
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try check(git_diff_find_similar(diff, &find), context)

        var changes: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let kind: FileChange.Kind
            switch delta.status {
            case GIT_DELTA_ADDED: kind = .added
            case GIT_DELTA_DELETED: kind = .deleted
            case GIT_DELTA_MODIFIED: kind = .modified
            case GIT_DELTA_RENAMED: kind = .renamed(similarity: Int(delta.similarity))
            case GIT_DELTA_TYPECHANGE: kind = .typeChanged
            default: continue  // unmodified, ignored, untracked: not produced by a tree-to-tree diff
            }
            let hasOld = kind != .added, hasNew = kind != .deleted
            changes.append(FileChange(
                kind: kind,
                oldPath: hasOld ? delta.old_file.path.map { String(cString: $0) } : nil,
                newPath: hasNew ? delta.new_file.path.map { String(cString: $0) } : nil,
                oldID: hasOld ? ObjectID(delta.old_file.id) : nil,
                newID: hasNew ? ObjectID(delta.new_file.id) : nil))
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// Diff options limited to the manifest path, matched literally (a directory named `a*` is
    /// not a glob), with type changes reported as such rather than as a delete and an add.
    private func withDiffOptions<T>(_ body: (inout git_diff_options) throws -> T) throws -> T {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        return try withPathspec { pathspec in
            options.pathspec = pathspec
            return try body(&options)
        }
    }

    /// The manifest path as a libgit2 pathspec, valid during `body`: empty for the root; else the
    /// directory with a trailing slash, so that it only matches a directory and everything below.
    func withPathspec<T>(_ body: (git_strarray) throws -> T) rethrows -> T {
        guard !path.isEmpty else { return try body(git_strarray(strings: nil, count: 0)) }
        return try "\(path)/".withCString { directory in
            // git_strarray holds `char **`, but diff and status options only read the strings.
            var strings: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: directory)]
            return try strings.withUnsafeMutableBufferPointer { buffer in
                try body(git_strarray(strings: buffer.baseAddress, count: buffer.count))
            }
        }
    }
}
