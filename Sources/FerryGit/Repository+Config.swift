import CGit2

extension Repository {
    /// A git configuration value as `git config NAME` reads it (local, global and system files,
    /// the most specific winning); nil when unset.
    public func configString(_ name: String) throws -> String? {
        try withConfig { config in
            var value: UnsafePointer<CChar>?
            let result = git_config_get_string(&value, config, name)
            if result == GitError.Code.notFound.rawValue { return nil }
            try check(result, "reading git config \(name) in \(displayPath)")
            return value.map { String(cString: $0) }
        }
    }

    /// A boolean git configuration value (`true`, `yes`, `on`, `1` and their opposites, as git
    /// reads them); nil when unset. Throws for a value git would not read as a boolean either.
    public func configBool(_ name: String) throws -> Bool? {
        try withConfig { config in
            var value: Int32 = 0
            let result = git_config_get_bool(&value, config, name)
            if result == GitError.Code.notFound.rawValue { return nil }
            try check(result, "reading git config \(name) in \(displayPath) (set it to true or false)")
            return value != 0
        }
    }

    /// The folder git runs this repository's hooks from: `core.hooksPath` when set (`~/` expanded;
    /// a relative path is relative to the work tree, or to the git directory when bare, as git
    /// runs hooks from there), else `hooks` in the common git directory (shared by linked work trees).
    public func hooksDirectory() throws -> String {
        let configured: String? = try withConfig { config in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            let result = git_config_get_path(&buffer, config, "core.hooksPath")
            if result == GitError.Code.notFound.rawValue { return nil }
            try check(result, "reading git config core.hooksPath in \(displayPath)")
            return buffer.ptr.map { String(cString: $0) }
        }
        if let configured, !configured.isEmpty {
            if configured.hasPrefix("/") { return configured }
            return (workDirectory ?? gitDirectory) + "/" + configured
        }
        let common = git_repository_commondir(pointer).map { String(cString: $0) } ?? gitDirectory + "/"
        return (common.hasSuffix("/") ? common : common + "/") + "hooks"
    }

    /// The full name of the branch HEAD points at (`refs/heads/main`), even before its first
    /// commit; nil when HEAD is detached.
    public func headBranch() throws -> String? {
        let head = try make("reading HEAD of \(displayPath)") { git_reference_lookup(&$0, pointer, "HEAD") }
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC else { return nil }
        return git_reference_symbolic_target(head).map { String(cString: $0) }
    }

    /// Reads the index from `path` from now on instead of the repository's own: a pre-commit hook
    /// of `git commit -a` or `git commit FILE` sees what will be committed only in the temporary
    /// index git names in `GIT_INDEX_FILE`.
    public func useIndex(at path: String) throws {
        let index = try make("opening the index file '\(path)' of \(displayPath)") { git_index_open(&$0, path) }
        defer { git_index_free(index) }
        // The repository takes its own reference; the index's blobs are read from this repository.
        try check(git_repository_set_index(pointer, index), "using the index file '\(path)' in \(displayPath)")
    }

    private func withConfig<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        // A snapshot: git_config_get_string only hands out strings from one.
        let config = try make("reading the git config of \(displayPath)") { git_repository_config_snapshot(&$0, pointer) }
        defer { git_config_free(config) }
        return try body(config)
    }
}
