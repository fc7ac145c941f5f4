import FerryKube
import FerryKubeClient

/// Finds why an object's new pods do not become ready (or a Job's fail), from what the
/// kubelet reports on them: `spark-worker: ImagePullBackOff for spark:9.9.9`.
struct PodDiagnosis: Sendable {
    let client: any ClusterAccess

    /// Waiting reasons that explain a stuck rollout.
    static let failureReasons: Set<String> = [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError",
        "CreateContainerError", "RunContainerError",
    ]

    static let pods = GroupVersionKind(group: "", version: "v1", kind: "Pod")

    func cause(of identity: ObjectIdentity) async -> String? {
        guard let object = try? await client.getIfPresent(identity),
              let uid = object[path: ["metadata", "uid"]]?.string,
              let selector = Self.selectorText(object[path: ["spec", "selector"]]) else { return nil }
        let podSelector: String
        switch (identity.group, identity.kind) {
        case ("apps", "Deployment"):
            guard let hash = await newestTemplateHash(of: identity, uid: uid, selector: selector) else { return nil }
            podSelector = "\(selector),pod-template-hash=\(hash)"
        case ("apps", "StatefulSet"):
            // The pods of the revision being rolled out.
            let revision = object[path: ["status", "updateRevision"]]?.string
            podSelector = revision.map { "\(selector),controller-revision-hash=\($0)" } ?? selector
        default:
            podSelector = selector
        }
        guard let list = try? await client.list(Self.pods, namespace: identity.namespace, labelSelector: podSelector) else {
            return nil
        }
        let owned = list.items.filter { pod in
            (pod[path: ["metadata", "ownerReferences"]]?.array ?? []).contains { $0["uid"]?.string == uid }
                || identity.kind == "Deployment"
        }
        return Self.waitingCause(owned, name: identity.name) ?? Self.exitCause(owned, name: identity.name)
    }

    /// The template hash of a Deployment's newest ReplicaSet.
    private func newestTemplateHash(of deployment: ObjectIdentity, uid: String, selector: String) async -> String? {
        let replicaSets = GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet")
        guard let sets = try? await client.list(replicaSets, namespace: deployment.namespace, labelSelector: selector) else { return nil }
        let owned = sets.items.filter { set in
            (set[path: ["metadata", "ownerReferences"]]?.array ?? []).contains { $0["uid"]?.string == uid }
        }
        let revision = { (set: JSONValue) in
            Int(set[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.string ?? "") ?? 0
        }
        return owned.max(by: { revision($0) < revision($1) })?[path: ["metadata", "labels", "pod-template-hash"]]?.string
    }

    private static func containerStatuses(_ pod: JSONValue) -> [JSONValue] {
        (pod[path: ["status", "initContainerStatuses"]]?.array ?? []) + (pod[path: ["status", "containerStatuses"]]?.array ?? [])
    }

    /// A container waiting for a reason that will not clear by itself.
    static func waitingCause(_ pods: [JSONValue], name: String) -> String? {
        for pod in pods {
            for status in containerStatuses(pod) {
                guard let reason = status[path: ["state", "waiting", "reason"]]?.string,
                      failureReasons.contains(reason) else { continue }
                let image = status["image"]?.string ?? "?"
                return "\(name): \(reason) for \(image)"
            }
        }
        return nil
    }

    /// A container that ended with a failure (a Job's pods): `migrate: container main exited with code 3 (Error)`.
    static func exitCause(_ pods: [JSONValue], name: String) -> String? {
        for pod in pods {
            for status in containerStatuses(pod) {
                let terminated = status[path: ["state", "terminated"]] ?? status[path: ["lastState", "terminated"]]
                guard let terminated, let code = terminated["exitCode"]?.int, code != 0 else { continue }
                let reason = terminated["reason"]?.string.map { " (\($0))" } ?? ""
                return "\(name): container \(status["name"]?.string ?? "?") exited with code \(code)\(reason)"
            }
        }
        return nil
    }

    /// The query form of a `spec.selector` (matchLabels and matchExpressions).
    static func selectorText(_ selector: JSONValue?) -> String? {
        guard let selector else { return nil }
        var terms = (selector["matchLabels"]?.object ?? [:]).sorted { $0.key < $1.key }.compactMap { key, value in
            value.string.map { "\(key)=\($0)" }
        }
        for expression in selector["matchExpressions"]?.array ?? [] {
            guard let key = expression["key"]?.string, let op = expression["operator"]?.string else { continue }
            let values = (expression["values"]?.array ?? []).compactMap(\.string).joined(separator: ",")
            switch op {
            case "In": terms.append("\(key) in (\(values))")
            case "NotIn": terms.append("\(key) notin (\(values))")
            case "Exists": terms.append(key)
            case "DoesNotExist": terms.append("!\(key)")
            default: continue
            }
        }
        return terms.isEmpty ? nil : terms.joined(separator: ",")
    }
}
