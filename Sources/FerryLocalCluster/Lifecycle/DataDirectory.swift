import Foundation

/// The directory that holds one local cluster: its store, CA and server
/// certificates, token, kubeconfig, and the pid, lock and log files of the
/// running server.
///
/// ```
/// DIR/cluster.db          the SQLite store (and its -wal, -shm)
/// DIR/pki/ca.crt, ca.key, server.crt, server.key
/// DIR/token               the bearer token
/// DIR/kubeconfig          for kubectl and Ferry
/// DIR/cluster.pid         the server's pid
/// DIR/cluster.lock        held (flock) by the server for as long as it runs
/// DIR/cluster.ready       the server's pid and URL, once it answers
/// DIR/cluster.log         the server's output when started in the background
/// DIR/faults              the fault spec, with --faults (re-read when it changes)
/// ```
public struct DataDirectory: Sendable, Hashable {
    /// The directory's absolute path.
    public let path: String

    /// A data directory at `path` (made absolute against the working directory).
    public init(path: String) {
        let expanded = (path as NSString).expandingTildeInPath
        self.path = expanded.hasPrefix("/")
            ? (expanded as NSString).standardizingPath
            : ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }

    /// `$FERRY_CLUSTER_DIR`, else `$XDG_STATE_HOME/ferry/cluster`, else
    /// `~/.local/state/ferry/cluster`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["FERRY_CLUSTER_DIR"], !explicit.isEmpty { return explicit }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/ferry/cluster" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/ferry/cluster"
    }

    /// The SQLite store.
    public var storePath: String { path + "/cluster.db" }
    var pkiPath: String { path + "/pki" }
    var caCertificatePath: String { pkiPath + "/ca.crt" }
    var caKeyPath: String { pkiPath + "/ca.key" }
    var serverCertificatePath: String { pkiPath + "/server.crt" }
    var serverKeyPath: String { pkiPath + "/server.key" }
    var tokenPath: String { path + "/token" }
    /// The kubeconfig written once the server listens.
    public var kubeconfigPath: String { path + "/kubeconfig" }
    /// The running server's pid.
    public var pidPath: String { path + "/cluster.pid" }
    /// The server's output when it runs in the background.
    public var logPath: String { path + "/cluster.log" }
    var lockPath: String { path + "/cluster.lock" }
    var readyPath: String { path + "/cluster.ready" }
    /// The fault spec of a server started with `--faults`, re-read when it changes.
    public var faultsPath: String { path + "/faults" }

    /// Whether the directory exists.
    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Creates the directory (and its parents, mode 0700) if needed and checks that
    /// files can be written in it.
    public func prepare() throws(LocalClusterError) {
        try Self.makeDirectories(path)
        try Self.makeDirectories(pkiPath)
        let probe = path + "/.write-test-\(getpid())"
        let descriptor = open(probe, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .notWritable(path, reason: Self.errorText(errno)) }
        close(descriptor)
        unlink(probe)
    }

    private static func makeDirectories(_ path: String) throws(LocalClusterError) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var status = stat()
            if stat(current, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw .notWritable(path, reason: "\(current) is not a directory")
                }
                continue
            }
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw .notWritable(path, reason: "cannot create \(current): \(errorText(errno))")
            }
        }
    }

    /// Writes a file in one step (a temporary file renamed into place) with the
    /// given permissions, so that a reader never sees half of it.
    func write(_ contents: String, to file: String, mode: mode_t = 0o600) throws(LocalClusterError) {
        let temporary = file + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .notWritable(path, reason: "cannot write \(file): \(Self.errorText(errno))") }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let reason = Self.errorText(errno)
                close(descriptor)
                unlink(temporary)
                throw .notWritable(path, reason: "cannot write \(file): \(reason)")
            }
            written += result
        }
        fchmod(descriptor, mode)
        close(descriptor)
        guard rename(temporary, file) == 0 else {
            let reason = Self.errorText(errno)
            unlink(temporary)
            throw .notWritable(path, reason: "cannot write \(file): \(reason)")
        }
    }

    /// Creates `file` if missing, and leaves it readable by its owner only.
    func createPrivateFile(_ file: String) throws(LocalClusterError) {
        let descriptor = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .notWritable(path, reason: "cannot create \(file): \(Self.errorText(errno))") }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// A file's text, or nil when it cannot be read.
    func read(_ file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Removes what the cluster keeps here, then the directory itself if that
    /// leaves it empty. Files that are not the cluster's stay.
    func removeClusterFiles() throws(LocalClusterError) {
        let files = [storePath, storePath + "-wal", storePath + "-shm", tokenPath, kubeconfigPath, pidPath, readyPath, lockPath, logPath]
        for file in files where unlink(file) != 0 && errno != ENOENT {
            throw LocalClusterError(.other, "cannot remove \(file): \(Self.errorText(errno))")
        }
        for file in [caCertificatePath, caKeyPath, serverCertificatePath, serverKeyPath] where unlink(file) != 0 && errno != ENOENT {
            throw LocalClusterError(.other, "cannot remove \(file): \(Self.errorText(errno))")
        }
        rmdir(pkiPath)
        rmdir(path)
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
