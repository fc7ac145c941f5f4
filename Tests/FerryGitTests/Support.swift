import Foundation
import FerryGit
import FerryTesting

/// A small, valid manifest whose content depends on `name` (so no two are the same blob).
func manifest(_ name: String, kind: String = "ConfigMap", data: String = "value") -> String {
    """
    apiVersion: v1
    kind: \(kind)
    metadata:
      name: \(name)
      namespace: ferry-test
    data:
      key: \(data)

    """
}

/// A fixed point in time plus `minutes`, so commit dates (and so history order) are deterministic.
func date(_ minutes: Int) -> Date {
    Date(timeIntervalSince1970: 1_700_000_000 + TimeInterval(minutes * 60))
}

extension GitFixture {
    /// Opens this fixture with FerryGit and makes a store over `path`.
    func store(_ path: String = "manifests", maxFileSize: Int = ManifestStore.defaultMaxFileSize) throws -> ManifestStore {
        try ManifestStore(repository: Repository(path: self.path), path: path, maxFileSize: maxFileSize)
    }

    /// Commits with a date `minutes` after the fixed base date.
    @discardableResult
    func commit(_ message: String, minute: Int) throws -> String {
        try commit(message, date: date(minute))
    }
}

extension ManifestSnapshot {
    /// Each file's content as text, by path.
    var texts: [String: String] {
        Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }
}
