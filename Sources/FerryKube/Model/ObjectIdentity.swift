/// Who an object is: its group, version, kind, namespace and name.
///
/// Printed the one way Ferry names objects everywhere, in logs, errors and tables:
/// `Deployment/spark/spark-worker`, or `Namespace/spark` for a cluster-scoped object.
public struct ObjectIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The API group; "" for the core group (`v1`).
    public var group: String
    public var version: String
    public var kind: String
    /// nil for cluster-scoped objects.
    public var namespace: String?
    public var name: String

    public init(group: String, version: String, kind: String, namespace: String?, name: String) {
        self.group = group
        self.version = version
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// Splits an `apiVersion` such as `apps/v1` or `v1` into group and version.
    public init(apiVersion: String, kind: String, namespace: String?, name: String) {
        let (group, version) = ObjectIdentity.split(apiVersion: apiVersion)
        self.init(group: group, version: version, kind: kind, namespace: namespace, name: name)
    }

    /// `group/version`, or just `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public var description: String {
        if let namespace { return "\(kind)/\(namespace)/\(name)" }
        return "\(kind)/\(name)"
    }

    /// The identity without its version: two manifests that differ only by version
    /// are the same object to the API server.
    public var objectKey: ObjectKey {
        ObjectKey(group: group, kind: kind, namespace: namespace, name: name)
    }

    static func split(apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}

/// An object's identity without its API version: what the server stores it under.
public struct ObjectKey: Sendable, Hashable {
    public var group: String
    public var kind: String
    public var namespace: String?
    public var name: String
}
