import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file in the background, on a
/// connection of its own, so that a write never waits for a checkpoint: SQLite's
/// automatic checkpoint runs inside the commit that crosses its threshold, which here
/// is inside the store's commit lock, stalling every writer for the copy.
///
/// A passive checkpoint every second keeps up with any steady load without blocking
/// the writer, and copies a page written several times in that second (an object, then
/// its status) once. Under a long burst the log can only grow (frames arrive faster than a
/// passive checkpoint may reset the log), so past ``restartFrames`` a restarting
/// checkpoint, which briefly waits for the writer, brings it back. Durability does not
/// depend on checkpoints: a commit is in the log before it is acknowledged.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .seconds(1)
    /// About 200 MB of log (4 KiB pages).
    static let restartFrames = 50_000

    private let connection: DatabaseQueue
    private let stopped = Atomic(false)
    /// Signalled by ``stop()``, so that the thread ends at once rather than after its sleep.
    private let wake = DispatchSemaphore(value: 0)

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in run() }
        thread.name = "ferry-wal-checkpoint"
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
    }

    private func run() {
        let (seconds, attoseconds) = Self.interval.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        while !stopped.load(ordering: .relaxed) {
            _ = wake.wait(timeout: .now() + .nanoseconds(nanoseconds))
            if stopped.load(ordering: .relaxed) { return }
            try? connection.writeWithoutTransaction { db in
                let (frames, _) = try db.checkpoint(.passive)
                if frames > Self.restartFrames { _ = try db.checkpoint(.restart) }
            }
        }
    }
}
