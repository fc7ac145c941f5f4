import FerryKube
import FerryKubeClient

extension Planner {
    /// Kinds whose objects the cluster makes on its own in every namespace, or for
    /// objects it already holds: never a reason to keep a namespace.
    static let clusterMadeKinds: Set<String> = ["Event", "Endpoints", "EndpointSlice"]

    /// The objects in `namespace` that Ferry's inventory does not hold and that would die
    /// with it: what makes a Namespace removed from git stay (as kapp and Argo CD do).
    ///
    /// Every namespaced kind the server lists is read (its preferred version only).
    /// Left out: objects owned by another object (a ReplicaSet of a Deployment goes with
    /// its owner), what the cluster makes itself (the `default` ServiceAccount, the
    /// `kube-root-ca.crt` ConfigMap, events and endpoints), and this instance's own
    /// record and lock.
    func foreignObjects(in namespace: String, inventory: Set<ObjectKey>) async throws -> [ObjectIdentity] {
        let preferred = try await client.servedVersions().compactMapValues(\.first)
        let resources = try await client.serverResources().filter {
            $0.namespaced && $0.supports("list") && !$0.name.contains("/") && preferred[$0.group] == $0.version
                && !Self.clusterMadeKinds.contains($0.kind)
        }
        let client = client
        let found = try await withThrowingTaskGroup(of: [ObjectIdentity].self) { group in
            for resource in resources {
                group.addTask {
                    do {
                        return try await client.list(resource.groupVersionKind, namespace: namespace).items
                            .filter { ($0[path: ["metadata", "ownerReferences"]]?.array ?? []).isEmpty }
                            .compactMap(Self.identity(of:))
                    } catch let error as KubeError where error.isNotFound || error.statusCode == 405 {
                        return []
                    } catch let error as KubeError where error.statusCode == 403 {
                        // What cannot be listed may hold anything: it keeps the namespace too.
                        return [ObjectIdentity(group: resource.group, version: resource.version, kind: resource.kind,
                                               namespace: namespace, name: "* (not allowed to list them)")]
                    }
                }
            }
            var all: [ObjectIdentity] = []
            for try await part in group { all += part }
            return all
        }
        return found.filter { identity in
            !inventory.contains(identity.objectKey) && !Self.isClusterMade(identity, instance: instance)
        }.sorted { "\($0)" < "\($1)" }
    }

    /// Objects every namespace has, or Ferry's own bookkeeping for this instance.
    static func isClusterMade(_ identity: ObjectIdentity, instance: String) -> Bool {
        switch (identity.group, identity.kind, identity.name) {
        case ("", "ServiceAccount", "default"), ("", "ConfigMap", "kube-root-ca.crt"): return true
        case ("", "ConfigMap", InstanceRecord.configMapName(instance: instance)), ("", "ConfigMap", "ferry-\(instance)-lock"):
            return true
        default: return false
        }
    }

    /// `2 objects ferry does not manage: ConfigMap/team/notes, Secret/team/token`.
    static func foreignSummary(_ foreign: [ObjectIdentity]) -> String {
        let shown = foreign.prefix(5).map { "\($0)" }.joined(separator: ", ")
        let more = foreign.count > 5 ? ", and \(foreign.count - 5) more" : ""
        return "it holds \(foreign.count) object(s) ferry does not manage: \(shown)\(more)"
    }
}
