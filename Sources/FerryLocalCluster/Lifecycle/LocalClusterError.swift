/// Why the local cluster could not start, stop or be reset: one sentence that says
/// what is wrong and what to do, ready to print after `error: `.
public struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure a caller may branch on.
    public enum Code: Sendable, Equatable {
        /// The port is taken by another program.
        case portInUse
        /// The data directory cannot be created or written.
        case dataDirectoryNotWritable
        /// Another server already serves this data directory.
        case alreadyRunning
        /// The server process did not come up.
        case startFailed
        /// Anything else (a damaged certificate, a store that cannot be opened...).
        case other
    }

    /// What kind of failure this is.
    public var code: Code
    /// The sentence to print.
    public var message: String

    /// A failure of the given kind.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    static func portInUse(address: String, port: Int) -> LocalClusterError {
        LocalClusterError(.portInUse, "port \(port) on \(address) is already in use; stop what listens there or choose another port with --port")
    }

    static func notWritable(_ directory: String, reason: String) -> LocalClusterError {
        LocalClusterError(.dataDirectoryNotWritable,
                          "cannot use \(directory) as the cluster data directory (\(reason)); choose a writable one with --data-dir")
    }
}
