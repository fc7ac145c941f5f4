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

    public init(inventory: [Entry] = [], history: [SyncRecord] = []) {
        self.inventory = inventory
        self.history = history
    }

    /// The last run that applied a commit and whose rollouts all succeeded.
    public var lastSucceeded: SyncRecord? {
        history.last { $0.outcome == .succeeded || $0.outcome == .unchanged }
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
        ]
    }

    /// Reads a record ConfigMap; a missing key reads as empty.
    public init(configMap: JSONValue) throws {
        let data = configMap["data"]?.object ?? [:]
        inventory = try data["inventory"]?.string.map { try Self.decoder.decode([Entry].self, from: Data($0.utf8)) } ?? []
        history = try data["history"]?.string.map { try Self.decoder.decode([SyncRecord].self, from: Data($0.utf8)) } ?? []
    }
}
