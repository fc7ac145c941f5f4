import CGit2

extension ManifestStore {
    /// The paths under the manifest path whose work-tree or index state differs from HEAD: staged,
    /// modified, deleted and untracked files (ignored files excluded), sorted; empty for a bare repository.
    ///
    /// Ferry deploys only commits, so these are edits a deploy would not include. Submodules are
    /// not inspected (Ferry never reads them). The index file on disk is left untouched.
    public func uncommittedChanges() throws -> [String] {
        guard !repository.isBare else { return [] }
        let context = "reading the status of \(displayPath) in \(repository.displayPath)"
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), context)
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_INCLUDE_UNREADABLE.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
            | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH.rawValue
        let list = try withPathspec { pathspec in
            options.pathspec = pathspec
            return try make(context) { git_status_list_new(&$0, repository.pointer, &options) }
        }
        defer { git_status_list_free(list) }

        var paths: Set<String> = []
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee, entry.status != GIT_STATUS_CURRENT else {
                continue
            }
            for delta in [entry.head_to_index, entry.index_to_workdir] {
                guard let delta = delta?.pointee else { continue }
                for file in [delta.old_file, delta.new_file] {
                    if let cPath = file.path {
                        let changed = String(cString: cPath)
                        if contains(changed) { paths.insert(changed) }
                    }
                }
            }
        }
        return paths.sorted()
    }
}
