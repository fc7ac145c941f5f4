import FerryKube
import Foundation

extension ReplicaSetController {
    /// controller.GetPodFromTemplate plus what the API server would add on create: the
    /// template's labels, annotations, finalizers and spec, a controller reference to
    /// the ReplicaSet, the pod defaults a template may lack, the node binding, and the
    /// initial `Pending` status with its QoS class. The name is set by the caller.
    static func pod(from replicaSet: JSONValue, nodeName: String) -> JSONValue {
        let template = replicaSet[path: ["spec", "template"]] ?? .object([:])
        var pod: JSONValue = [
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": [
                "generateName": .string(replicaSet.name + "-"),
                "namespace": .string(replicaSet.namespace),
            ],
        ]
        for field in ["labels", "annotations"] {
            pod.setMetadataMap(field, template[path: ["metadata", field]]?.object ?? [:])
        }
        pod.setMetadataList("finalizers", template[path: ["metadata", "finalizers"]]?.array ?? [])
        pod.setOwnerReferences([OwnerReference(controllerOf: replicaSet, resource: ResourceCatalog.replicaSets)])
        var spec = defaultedPodSpec(template["spec"] ?? .object([:]))
        spec["nodeName"] = .string(nodeName)
        pod["spec"] = spec
        pod["status"] = ["phase": "Pending", "qosClass": .string(PodState.qosClass(spec))]
        return pod
    }

    /// The core/v1 pod defaults (SetDefaults_PodSpec, SetDefaults_Container), applied
    /// only where the template has no value, so a template defaulted by the API keeps its own.
    static func defaultedPodSpec(_ spec: JSONValue) -> JSONValue {
        var spec = spec.object != nil ? spec : .object([:])
        let defaults: [(String, JSONValue)] = [
            ("restartPolicy", "Always"), ("terminationGracePeriodSeconds", 30), ("dnsPolicy", "ClusterFirst"),
            ("securityContext", [:]), ("schedulerName", "default-scheduler"), ("enableServiceLinks", true),
            ("serviceAccountName", "default"), ("serviceAccount", "default"), ("priority", 0),
            ("preemptionPolicy", "PreemptLowerPriority"),
            // The DefaultTolerationSeconds admission plugin's two tolerations.
            ("tolerations", [
                ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
            ]),
        ]
        for (key, value) in defaults where spec[key] == nil { spec[key] = value }
        // The deprecated serviceAccount field mirrors serviceAccountName.
        spec["serviceAccount"] = spec["serviceAccountName"]
        for list in ["containers", "initContainers"] {
            guard let containers = spec[list]?.array else { continue }
            spec[list] = .array(containers.map(defaultedContainer))
        }
        return spec
    }

    private static func defaultedContainer(_ container: JSONValue) -> JSONValue {
        var container = container
        if container["imagePullPolicy"] == nil {
            // `:latest` (or no tag) is pulled every time; a pinned tag only when missing.
            let image = container["image"]?.string ?? ""
            let normalized = ImageReference.normalize(image)
            let floating = ImageReference.digest(of: normalized) == nil && normalized.hasSuffix(":latest")
            container["imagePullPolicy"] = .string(floating ? "Always" : "IfNotPresent")
        }
        if container["terminationMessagePath"] == nil { container["terminationMessagePath"] = "/dev/termination-log" }
        if container["terminationMessagePolicy"] == nil { container["terminationMessagePolicy"] = "File" }
        if container["resources"] == nil { container["resources"] = [:] }
        return container
    }
}
