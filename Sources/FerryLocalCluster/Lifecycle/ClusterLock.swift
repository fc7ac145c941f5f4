import Foundation
import Synchronization

/// The exclusive lock a running server holds on `DIR/cluster.lock`.
///
/// It proves that a server is alive better than a pid does: the kernel releases it
/// the moment the process ends, even when the process lingers as a zombie or its
/// pid is reused, and it keeps two servers off one store.
final class ClusterLock: Sendable {
    /// The locked file; -1 once released.
    private let descriptor: Mutex<Int32>

    /// Takes the lock, or throws `alreadyRunning` when another process holds it.
    init(_ directory: DataDirectory) throws(LocalClusterError) {
        let descriptor = open(directory.lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .notWritable(directory.path, reason: "cannot open \(directory.lockPath): \(DataDirectory.errorText(errno))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            let pid = ClusterLock.recordedPID(directory).map { " (pid \($0))" } ?? ""
            throw LocalClusterError(.alreadyRunning, "another ferry cluster server\(pid) already uses \(directory.path)")
        }
        self.descriptor = Mutex(descriptor)
    }

    /// Lets another server have the directory (this one is done with it).
    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }

    /// Whether some process (this one included) holds the lock of `directory`.
    static func isHeld(_ directory: DataDirectory) -> Bool {
        let descriptor = open(directory.lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// The pid in `DIR/cluster.pid`, if there is a readable one.
    static func recordedPID(_ directory: DataDirectory) -> Int32? {
        directory.read(directory.pidPath).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
