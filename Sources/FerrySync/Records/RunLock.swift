import FerryKube
import FerryKubeClient
import Foundation

/// One sync at a time per instance, across every machine: a lock object in the
/// cluster, taken by creating it (the API server makes creation atomic) and freed by
/// deleting it. A lock whose holder died is taken over once it expires.
public struct RunLock: Sendable {
    public let client: KubeClient
    public let instance: String
    public let namespace: String
    /// How long a lock holds without its holder; longer than any sync should take.
    public let lease: Duration

    static let holderAnnotation = "ferry.dev/lock-holder"
    static let expiresAnnotation = "ferry.dev/lock-expires"

    public init(client: KubeClient, instance: String, namespace: String, lease: Duration = .seconds(3600)) {
        self.client = client
        self.instance = instance
        self.namespace = namespace
        self.lease = lease
    }

    var identity: ObjectIdentity {
        ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: namespace, name: "ferry-\(instance)-lock")
    }

    /// Another run holds the lock.
    public struct Held: Error, Sendable, CustomStringConvertible {
        public var holder: String
        public var expires: String
        public var object: String
        public var description: String {
            "another ferry run holds the lock \(object) (\(holder), until \(expires)); wait for it to finish, or delete the lock if that run is gone"
        }
    }

    /// A lock this run holds; release it with ``release(_:)``.
    public struct Token: Sendable {
        public var uid: String
    }

    public func acquire(now: Date = Date()) async throws -> Token {
        let holder = "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"
        let expires = now.addingTimeInterval(TimeInterval(lease.components.seconds))
        let lock: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": .string(identity.name), "namespace": .string(namespace),
                "annotations": [
                    .init(stringLiteral: Self.holderAnnotation): .string(holder),
                    .init(stringLiteral: Self.expiresAnnotation): .string(expires.formatted(.iso8601)),
                ],
            ],
        ]
        for attempt in 0..<2 {
            do {
                let created = try await client.create(lock)
                return Token(uid: created.object[path: ["metadata", "uid"]]?.string ?? "")
            } catch let error as KubeError where error.isAlreadyExists && attempt == 0 {
                guard let existing = try await client.getIfPresent(identity) else { continue }
                let annotations = existing[path: ["metadata", "annotations"]]
                let until = annotations?[Self.expiresAnnotation]?.string ?? ""
                let expiry = (try? Date(until, strategy: .iso8601)) ?? .distantFuture
                guard expiry < now else {
                    throw Held(holder: annotations?[Self.holderAnnotation]?.string ?? "unknown", expires: until,
                               object: "\(identity)")
                }
                // The holder is gone: remove its lock (only that one, by uid) and try again.
                _ = try? await client.delete(identity, preconditions: DeletePreconditions(
                    uid: existing[path: ["metadata", "uid"]]?.string))
            }
        }
        throw Held(holder: "unknown", expires: "", object: "\(identity)")
    }

    public func release(_ token: Token) async {
        _ = try? await client.delete(identity, preconditions: DeletePreconditions(uid: token.uid))
    }
}
