import Foundation

/// A fresh directory for one test's SQLite store; call ``remove()`` when done.
struct TemporaryStoreFile {
    let directory: URL
    /// The database file's path inside it.
    var path: String { directory.appendingPathComponent("store.db").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
