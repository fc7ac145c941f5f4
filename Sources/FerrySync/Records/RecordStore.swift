import FerryKube
import FerryKubeClient

/// Reads and writes an instance's record ConfigMap in the cluster.
public struct RecordStore: Sendable {
    public let client: any ClusterAccess
    public let instance: String
    /// The namespace the record lives in; it must exist.
    public let namespace: String

    public init(client: any ClusterAccess, instance: String, namespace: String) {
        self.client = client
        self.instance = instance
        self.namespace = namespace
    }

    var identity: ObjectIdentity {
        ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: namespace,
                       name: InstanceRecord.configMapName(instance: instance))
    }

    /// The record, or an empty one before the first sync.
    public func read() async throws -> InstanceRecord {
        guard let configMap = try await client.getIfPresent(identity) else { return InstanceRecord() }
        do {
            return try InstanceRecord(configMap: configMap)
        } catch {
            throw CorruptRecord(object: identity, reason: "\(error)")
        }
    }

    /// The record's ConfigMap holds something Ferry cannot read (edited by hand?).
    public struct CorruptRecord: Error, Sendable, CustomStringConvertible {
        public var object: ObjectIdentity
        public var reason: String
        public var description: String {
            "\(object): the instance record cannot be read (\(reason)); restore it, or delete it to start afresh (ferry then forgets its inventory, so objects already removed from git are not pruned)"
        }
    }

    /// Writes the record (server-side apply, so it is created the first time).
    public func write(_ record: InstanceRecord) async throws {
        let data = try record.configMapData()
        let configMap: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": .string(identity.name), "namespace": .string(namespace),
                "labels": [.init(stringLiteral: FerryMetadata.managedByLabel): .string(FerryMetadata.managedByValue),
                           .init(stringLiteral: FerryMetadata.instanceLabel): .string(instance)],
            ],
            "data": .object(data.mapValues { .string($0) }),
        ]
        _ = try await client.apply(configMap, fieldManager: FerryMetadata.fieldManager, force: true)
    }
}
