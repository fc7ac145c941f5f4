import ArgumentParser
import Foundation

/// Ferry's exit codes, the same for every command.
enum ExitCodes {
    /// Something else went wrong (a repository or revision that cannot be read...).
    static let failure = ExitCode(1)
    /// The manifests (or `ferry.yaml`) are invalid; nothing was applied.
    static let invalid = ExitCode(2)
    /// A rollout failed or timed out.
    static let rolloutFailed = ExitCode(3)
    /// The cluster could not be reached, its TLS certificate is not trusted, or it refused the credentials.
    static let unreachable = ExitCode(4)
    /// Another run holds the lock.
    static let locked = ExitCode(5)
    /// Stopped by a signal (SIGINT 130, SIGTERM 143, as shells report it), after releasing the lease.
    static func interrupted(by reason: String) -> ExitCode {
        ExitCode(128 + (reason == "SIGINT" ? SIGINT : SIGTERM))
    }
    /// `ferry diff`: there are differences.
    static let differences = ExitCode(1)
}
