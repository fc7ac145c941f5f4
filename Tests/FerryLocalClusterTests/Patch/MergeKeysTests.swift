import FerryKube
import FerryLocalCluster
import Testing

@Suite struct MergeKeysTests {
    static let deployment = GroupKind(group: "apps", kind: "Deployment")
    static let pod = GroupKind(group: "", kind: "Pod")
    static let service = GroupKind(group: "", kind: "Service")
    static let cronJob = GroupKind(group: "batch", kind: "CronJob")

    static func keyed(_ fields: String...) -> ListType { .map(keys: fields.map { ListKey($0) }) }
    static let portsForApply = ListType.map(keys: [ListKey("containerPort"), ListKey("protocol", default: "TCP")])

    /// (kind, list path, strategic merge type, server-side apply type).
    static let cases: [(GroupKind, String, ListType, ListType)] = [
        (deployment, "spec.template.spec.containers", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.initContainers", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.ephemeralContainers", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.volumes", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.imagePullSecrets", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.containers.env", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.initContainers.env", keyed("name"), keyed("name")),
        (deployment, "spec.template.spec.containers.ports", keyed("containerPort"), portsForApply),
        (deployment, "spec.template.spec.containers.volumeMounts", keyed("mountPath"), keyed("mountPath")),
        (deployment, "spec.template.spec.containers.volumeDevices", keyed("devicePath"), keyed("devicePath")),
        (deployment, "spec.template.spec.containers.envFrom", .atomic, .atomic),
        (deployment, "spec.template.spec.containers.args", .atomic, .atomic),
        (deployment, "spec.template.spec.tolerations", .atomic, .atomic),
        // Not where a Deployment keeps its pod spec.
        (deployment, "spec.containers", .atomic, .atomic),
        (deployment, "metadata.ownerReferences", keyed("uid"), keyed("uid")),
        (deployment, "metadata.finalizers", .set, .set),
        (deployment, "status.conditions", keyed("type"), keyed("type")),
        (GroupKind(group: "apps", kind: "ReplicaSet"), "spec.template.spec.containers", keyed("name"), keyed("name")),
        (GroupKind(group: "apps", kind: "StatefulSet"), "spec.template.spec.volumes", keyed("name"), keyed("name")),
        (GroupKind(group: "apps", kind: "DaemonSet"), "spec.template.spec.containers.env", keyed("name"), keyed("name")),
        (GroupKind(group: "batch", kind: "Job"), "spec.template.spec.containers", keyed("name"), keyed("name")),
        (cronJob, "spec.jobTemplate.spec.template.spec.containers.ports", keyed("containerPort"), portsForApply),
        (cronJob, "spec.template.spec.containers", .atomic, .atomic),
        (pod, "spec.containers", keyed("name"), keyed("name")),
        (pod, "spec.containers.volumeMounts", keyed("mountPath"), keyed("mountPath")),
        (pod, "status.conditions", keyed("type"), keyed("type")),
        (service, "spec.ports", keyed("port"), .map(keys: [ListKey("port"), ListKey("protocol", default: "TCP")])),
        (GroupKind(group: "", kind: "ConfigMap"), "spec.template.spec.containers", .atomic, .atomic),
        (GroupKind(group: "example.com", kind: "Widget"), "metadata.ownerReferences", keyed("uid"), keyed("uid")),
        // The same kind name in another group is another kind.
        (GroupKind(group: "example.com", kind: "Deployment"), "spec.template.spec.containers", .atomic, .atomic),
    ]

    @Test(arguments: cases)
    func listTypes(kind: GroupKind, path: String, strategic: ListType, apply: ListType) {
        let names = path.split(separator: ".").map(String.init)
        #expect(MergeKeys.listType(at: names, in: kind, for: .strategicMerge) == strategic)
        #expect(MergeKeys.listType(at: names, in: kind, for: .serverSideApply) == apply)
    }

    static let podSpecPaths: [(GroupKind, [String]?)] = [
        (pod, ["spec"]),
        (deployment, ["spec", "template", "spec"]),
        (GroupKind(group: "batch", kind: "Job"), ["spec", "template", "spec"]),
        (cronJob, ["spec", "jobTemplate", "spec", "template", "spec"]),
        (GroupKind(group: "", kind: "PodTemplate"), ["template", "spec"]),
        (service, nil),
    ]

    @Test(arguments: podSpecPaths)
    func podSpecPath(kind: GroupKind, path: [String]?) {
        #expect(MergeKeys.podSpecPath(for: kind) == path)
    }

    @Test func groupKindFromObjectsAndVersions() throws {
        #expect(GroupKind(apiVersion: "apps/v1", kind: "Deployment") == Self.deployment)
        #expect(GroupKind(apiVersion: "v1", kind: "Pod") == Self.pod)
        #expect(GroupKind(object: try JSONValue.parse(#"{"apiVersion":"batch/v1","kind":"CronJob"}"#)) == Self.cronJob)
        #expect(GroupKind(object: try JSONValue.parse(#"{"kind":"CronJob"}"#)) == nil)
        #expect(Self.deployment.description == "Deployment.apps")
        #expect(Self.pod.description == "Pod")
        #expect(Self.portsForApply.mergeKey == "containerPort")
        #expect(ListType.set.mergeKey == nil)
    }
}
