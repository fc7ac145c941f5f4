import ArgumentParser

/// Ferry's exit codes, the same for every command.
enum ExitCodes {
    /// Something else went wrong (a repository or revision that cannot be read...).
    static let failure = ExitCode(1)
    /// The manifests (or `ferry.yaml`) are invalid; nothing was applied.
    static let invalid = ExitCode(2)
}
