import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file in the background, on a
/// connection of its own, so that a write never waits for a checkpoint: SQLite's
/// automatic checkpoint runs inside the commit that crosses its threshold, which here
/// is inside the store's commit lock, stalling every writer for the copy.
///
/// A passive checkpoint every 100 ms keeps up with any steady load without blocking
/// the writer. Under a long burst the log can only grow (frames arrive faster than a
/// passive checkpoint may reset the log), so past ``restartFrames`` a restarting
/// checkpoint, which briefly waits for the writer, brings it back. Durability does not
/// depend on checkpoints: a commit is in the log before it is acknowledged.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(100)
    /// About 200 MB of log (4 KiB pages).
    static let restartFrames = 50_000

    private let connection: DatabaseQueue
    private let stopped = Atomic(false)

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
    }

    private func run() {
        while !stopped.load(ordering: .relaxed) {
            Thread.sleep(forTimeInterval: Double(Self.interval.components.attoseconds) / 1e18)
            try? connection.writeWithoutTransaction { db in
                let (frames, _) = try db.checkpoint(.passive)
                if frames > Self.restartFrames { _ = try db.checkpoint(.restart) }
            }
        }
    }
}
