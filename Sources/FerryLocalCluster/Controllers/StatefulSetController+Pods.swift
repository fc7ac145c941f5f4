import FerryKube
import Foundation

extension StatefulSetController {
    /// newStatefulSetPod at a revision: the revision's template with the pod's identity
    /// (name, hostname, subdomain, identity labels), the revision label, a controller
    /// reference, the claims as volumes, bound to the node, `Pending`.
    func pod(_ set: StatefulSetView, ordinal: Int64, revision: JSONValue) -> JSONValue {
        let template = ControllerRevisionHistory.template(of: revision)
        let name = "\(set.name)-\(ordinal)"
        var pod: JSONValue = [
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(set.namespace)],
        ]
        var labels = template[path: ["metadata", "labels"]]?.object ?? [:]
        labels[StatefulSetLabel.podName] = .string(name)
        labels[StatefulSetLabel.podIndex] = .string(String(ordinal))
        labels[StatefulSetLabel.revision] = .string(revision.name)
        pod.setMetadataMap("labels", labels)
        pod.setMetadataMap("annotations", template[path: ["metadata", "annotations"]]?.object ?? [:])
        pod.setMetadataList("finalizers", template[path: ["metadata", "finalizers"]]?.array ?? [])
        pod.setOwnerReferences([OwnerReference(controllerOf: set.object, resource: ResourceCatalog.statefulSets)])
        var spec = ReplicaSetController.defaultedPodSpec(template["spec"] ?? .object([:]))
        spec["hostname"] = .string(name)
        if !set.serviceName.isEmpty { spec["subdomain"] = .string(set.serviceName) }
        spec["nodeName"] = .string(nodeName)
        // updateStorage: a volume per claim template, in place of a template volume of that name.
        let claimNames = set.claimTemplates.compactMap { $0[path: ["metadata", "name"]]?.string }
        if !claimNames.isEmpty {
            let claimVolumes: [JSONValue] = set.claimTemplates.map { claim in
                [
                    "name": claim[path: ["metadata", "name"]] ?? "",
                    "persistentVolumeClaim": ["claimName": .string(set.claimName(claim, ordinal: ordinal))],
                ]
            }
            let others = (spec["volumes"]?.array ?? []).filter { !claimNames.contains($0["name"]?.string ?? "") }
            spec["volumes"] = .array(claimVolumes + others)
        }
        pod["spec"] = spec
        pod["status"] = ["phase": "Pending", "qosClass": .string(PodState.qosClass(spec))]
        return pod
    }

    /// createPersistentVolumeClaims: each missing claim `<claim>-<set>-<ordinal>`, labelled
    /// with the set's matchLabels, owned by the set when whenDeleted is Delete.
    func createClaims(_ set: StatefulSetView, pod: JSONValue, ordinal: Int64) throws {
        let matchLabels = set.object[path: ["spec", "selector", "matchLabels"]]?.object ?? [:]
        for template in set.claimTemplates {
            let name = set.claimName(template, ordinal: ordinal)
            let key = StoreKey(ResourceCatalog.persistentVolumeClaims, namespace: set.namespace, name: name)
            if store.get(key) != nil { continue }
            var claim: JSONValue = [
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "metadata": ["name": .string(name), "namespace": .string(set.namespace)],
                "spec": template["spec"] ?? .object([:]),
                "status": ["phase": "Pending"],
            ]
            var labels = template[path: ["metadata", "labels"]]?.object ?? [:]
            for (key, value) in matchLabels { labels[key] = value }
            claim.setMetadataMap("labels", labels)
            claim.setMetadataMap("annotations", template[path: ["metadata", "annotations"]]?.object ?? [:])
            if claim[path: ["spec", "volumeMode"]] == nil { claim[path: ["spec", "volumeMode"]] = "Filesystem" }
            if set.deleteClaimsWithSet {
                var reference = OwnerReference(controllerOf: set.object, resource: ResourceCatalog.statefulSets)
                reference.controller = false
                claim.setOwnerReferences([reference])
            }
            if try store.create(key, claim) != nil {
                events.record(set.object, resource: ResourceCatalog.statefulSets, reason: "SuccessfulCreate",
                              message: "create Claim \(name) Pod \(pod.name) in StatefulSet \(set.name) success",
                              component: "statefulset-controller")
            }
        }
    }
}
