import FerryKube
import Foundation

/// An instance's record in the cluster, kept in one ConfigMap (in the spirit of
/// kapp's app record): the inventory of objects the last sync applied, which is all
/// Ferry may ever prune, and the last runs.
public struct InstanceRecord: Sendable, Equatable {
    /// How many sync records are kept, as a Deployment keeps revisionHistoryLimit ReplicaSets.
    public static let historyLimit = 10

    /// One object in the inventory.
    public struct Entry: Sendable, Codable, Hashable, Comparable {
        public var apiVersion: String
        public var kind: String
        public var namespace: String?
        public var name: String

        public init(_ identity: ObjectIdentity) {
            apiVersion = identity.apiVersion
            kind = identity.kind
            namespace = identity.namespace
            name = identity.name
        }

        public var identity: ObjectIdentity {
            ObjectIdentity(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
        }

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.kind, a.namespace ?? "", a.name, a.apiVersion) < (b.kind, b.namespace ?? "", b.name, b.apiVersion)
        }
    }

    public var inventory: [Entry]
    /// Newest last.
    public var history: [SyncRecord]
    /// Set by a rollback: periodic syncs leave the instance at this commit.
    public var pin: Pin?
    /// Commits whose rollout failed, not retried by periodic syncs (newest last).
    public var failedCommits: [FailedCommit] = []

    public init(inventory: [Entry] = [], history: [SyncRecord] = []) {
        self.inventory = inventory
        self.history = history
    }

    /// The last run that applied a commit and whose rollouts all succeeded.
    public var lastSucceeded: SyncRecord? {
        history.last { $0.outcome == .succeeded || $0.outcome == .unchanged }
    }

    /// The commit whose objects are live: the last run that applied one (errors applied part of theirs).
    public var liveCommit: String? {
        history.last { $0.outcome != .error }?.commit
    }

    /// Appends a run and keeps the last ``historyLimit``.
    public mutating func append(_ record: SyncRecord) {
        history.append(record)
        if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
    }

    /// The ConfigMap's name for an instance.
    public static func configMapName(instance: String) -> String { "ferry-\(instance)" }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// The `data` of the record's ConfigMap.
    public func configMapData() throws -> [String: String] {
        [
            "inventory": String(decoding: try Self.encoder.encode(inventory.sorted()), as: UTF8.self),
            "history": String(decoding: try Self.encoder.encode(history), as: UTF8.self),
            // Always written, so a lifted pin clears the key (apply keeps keys it is not sent).
            "pin": try pin.map { String(decoding: try Self.encoder.encode($0), as: UTF8.self) } ?? "",
            "failedCommits": String(decoding: try Self.encoder.encode(failedCommits), as: UTF8.self),
        ]
    }

    /// The failure recorded for a commit, if its rollout failed.
    public func failure(of commit: String) -> FailedCommit? {
        failedCommits.last { $0.commit == commit }
    }

    /// Records a failed commit, keeping the last ``historyLimit``.
    public mutating func recordFailure(_ failure: FailedCommit) {
        failedCommits.removeAll { $0.commit == failure.commit }
        failedCommits.append(failure)
        if failedCommits.count > Self.historyLimit { failedCommits.removeFirst(failedCommits.count - Self.historyLimit) }
    }

    /// Reads a record ConfigMap; a missing key reads as empty. Throws ``UnreadableKey``.
    public init(configMap: JSONValue) throws {
        let data = configMap["data"]?.object ?? [:]
        func decode<T: Decodable>(_ key: String, as type: T.Type) throws -> T? {
            guard let text = data[key]?.string, !text.isEmpty else { return nil }
            do {
                return try Self.decoder.decode(T.self, from: Data(text.utf8))
            } catch {
                throw UnreadableKey(key: key)
            }
        }
        inventory = try decode("inventory", as: [Entry].self) ?? []
        history = try decode("history", as: [SyncRecord].self) ?? []
        // Records written before pins and failed commits existed have neither key.
        pin = try decode("pin", as: Pin.self)
        failedCommits = try decode("failedCommits", as: [FailedCommit].self) ?? []
    }

    /// A key of the record's data that does not hold what Ferry wrote there.
    public struct UnreadableKey: Error, Sendable, CustomStringConvertible {
        public var key: String
        public var description: String { "data.\(key) is not the JSON ferry writes there" }
    }
}
