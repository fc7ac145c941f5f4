import FerryKube
import FerryKubeClient

/// Finds why a Deployment's new pods do not become ready, from what the kubelet
/// reports on them: `spark-worker: ImagePullBackOff for spark:9.9.9`.
struct PodDiagnosis: Sendable {
    let client: any ClusterAccess

    /// Waiting reasons that explain a stuck rollout.
    static let failureReasons: Set<String> = [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError",
        "CreateContainerError", "RunContainerError",
    ]

    func cause(of deployment: ObjectIdentity) async -> String? {
        guard let object = try? await client.getIfPresent(deployment),
              let uid = object[path: ["metadata", "uid"]]?.string,
              let selector = Self.selectorText(object[path: ["spec", "selector"]]) else { return nil }
        let replicaSets = GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet")
        guard let sets = try? await client.list(replicaSets, namespace: deployment.namespace, labelSelector: selector) else { return nil }
        let owned = sets.items.filter { set in
            (set[path: ["metadata", "ownerReferences"]]?.array ?? []).contains { $0["uid"]?.string == uid }
        }
        let revision = { (set: JSONValue) in
            Int(set[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.string ?? "") ?? 0
        }
        guard let newest = owned.max(by: { revision($0) < revision($1) }),
              let hash = newest[path: ["metadata", "labels", "pod-template-hash"]]?.string else { return nil }
        let pods = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        guard let list = try? await client.list(pods, namespace: deployment.namespace,
                                                labelSelector: "\(selector),pod-template-hash=\(hash)") else { return nil }
        for pod in list.items {
            let statuses = (pod[path: ["status", "initContainerStatuses"]]?.array ?? [])
                + (pod[path: ["status", "containerStatuses"]]?.array ?? [])
            for status in statuses {
                guard let reason = status[path: ["state", "waiting", "reason"]]?.string,
                      Self.failureReasons.contains(reason) else { continue }
                let image = status["image"]?.string ?? "?"
                return "\(deployment.name): \(reason) for \(image)"
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
