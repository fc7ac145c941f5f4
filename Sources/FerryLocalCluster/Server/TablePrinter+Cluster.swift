import FerryKube
import Foundation

/// Nodes, volumes and claims, Ingresses, RBAC, HPAs and Leases, with the columns
/// kubernetes/pkg/printers gives them.
extension TablePrinter {
    static let nodes = TablePrinter(columns: [
        nameColumn, Column(name: "Status", type: "string"), Column(name: "Roles", type: "string"), ageColumn,
        Column(name: "Version", type: "string"), Column(name: "Internal-IP", type: "string", priority: 1),
        Column(name: "External-IP", type: "string", priority: 1), Column(name: "OS-Image", type: "string", priority: 1),
        Column(name: "Kernel-Version", type: "string", priority: 1),
        Column(name: "Container-Runtime", type: "string", priority: 1),
    ]) { object, now in
        let ready = (object[path: ["status", "conditions"]]?.array ?? []).first { $0["type"] == "Ready" }
        var status = ready?["status"] == "True" ? "Ready" : "NotReady"
        if object[path: ["spec", "unschedulable"]]?.bool == true { status += ",SchedulingDisabled" }
        let roles = object.labels.keys.filter { $0.hasPrefix("node-role.kubernetes.io/") }
            .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }.sorted()
        let addresses = object[path: ["status", "addresses"]]?.array ?? []
        func address(_ type: String) -> String {
            addresses.first { $0["type"]?.string == type }?["address"]?.string ?? "<none>"
        }
        let info = object[path: ["status", "nodeInfo"]] ?? [:]
        return [
            name(object), .string(status), .string(roles.isEmpty ? "<none>" : roles.joined(separator: ",")), age(object, now),
            .string(info["kubeletVersion"]?.string ?? ""), .string(address("InternalIP")), .string(address("ExternalIP")),
            .string(info["osImage"]?.string ?? ""), .string(info["kernelVersion"]?.string ?? ""),
            .string(info["containerRuntimeVersion"]?.string ?? ""),
        ]
    }

    static let persistentVolumeClaims = TablePrinter(columns: [
        nameColumn, Column(name: "Status", type: "string"), Column(name: "Volume", type: "string"),
        Column(name: "Capacity", type: "string"), Column(name: "Access Modes", type: "string"),
        Column(name: "StorageClass", type: "string"), Column(name: "VolumeAttributesClass", type: "string"), ageColumn,
        Column(name: "VolumeMode", type: "string", priority: 1),
    ]) { object, now in
        [
            name(object), .string(object[path: ["status", "phase"]]?.string ?? "Pending"),
            .string(object[path: ["spec", "volumeName"]]?.string ?? ""),
            .string(object[path: ["status", "capacity", "storage"]]?.string ?? ""),
            .string(accessModes(object[path: ["status", "accessModes"]])),
            .string(object[path: ["spec", "storageClassName"]]?.string ?? "<unset>"),
            .string(object[path: ["spec", "volumeAttributesClassName"]]?.string ?? "<unset>"), age(object, now),
            .string(object[path: ["spec", "volumeMode"]]?.string ?? "Filesystem"),
        ]
    }

    static let persistentVolumes = TablePrinter(columns: [
        nameColumn, Column(name: "Capacity", type: "string"), Column(name: "Access Modes", type: "string"),
        Column(name: "Reclaim Policy", type: "string"), Column(name: "Status", type: "string"),
        Column(name: "Claim", type: "string"), Column(name: "StorageClass", type: "string"),
        Column(name: "VolumeAttributesClass", type: "string"), Column(name: "Reason", type: "string"), ageColumn,
        Column(name: "VolumeMode", type: "string", priority: 1),
    ]) { object, now in
        let claim = object[path: ["spec", "claimRef"]]
        let claimName = claim.map { "\($0["namespace"]?.string ?? "")/\($0["name"]?.string ?? "")" } ?? ""
        return [
            name(object), .string(object[path: ["spec", "capacity", "storage"]]?.string ?? ""),
            .string(accessModes(object[path: ["spec", "accessModes"]])),
            .string(object[path: ["spec", "persistentVolumeReclaimPolicy"]]?.string ?? ""),
            .string(object[path: ["status", "phase"]]?.string ?? ""), .string(claimName),
            .string(object[path: ["spec", "storageClassName"]]?.string ?? ""),
            .string(object[path: ["spec", "volumeAttributesClassName"]]?.string ?? "<unset>"),
            .string(object[path: ["status", "reason"]]?.string ?? ""), age(object, now),
            .string(object[path: ["spec", "volumeMode"]]?.string ?? "Filesystem"),
        ]
    }

    /// `RWO,RWX`, as kubectl abbreviates access modes.
    private static func accessModes(_ modes: JSONValue?) -> String {
        let short = ["ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"]
        return (modes?.array ?? []).compactMap(\.string).map { short[$0] ?? $0 }.joined(separator: ",")
    }

    static let ingresses = TablePrinter(columns: [
        nameColumn, Column(name: "Class", type: "string"), Column(name: "Hosts", type: "string"),
        Column(name: "Address", type: "string"), Column(name: "Ports", type: "string"), ageColumn,
    ]) { object, now in
        let spec = object["spec"] ?? [:]
        let hosts = (spec["rules"]?.array ?? []).compactMap { $0["host"]?.string }
        let addresses = (object[path: ["status", "loadBalancer", "ingress"]]?.array ?? []).compactMap {
            $0["ip"]?.string ?? $0["hostname"]?.string
        }
        let ports = (spec["tls"]?.array ?? []).isEmpty ? "80" : "80, 443"
        return [
            name(object), .string(spec["ingressClassName"]?.string ?? "<none>"),
            .string(hosts.isEmpty ? "*" : hosts.joined(separator: ",")), .string(addresses.joined(separator: ",")),
            .string(ports), age(object, now),
        ]
    }

    static let roles = TablePrinter(columns: [nameColumn, Column(name: "Created At", type: "string", format: "date")]) { object, _ in
        [name(object), .string(object[path: ["metadata", "creationTimestamp"]]?.string ?? "")]
    }

    static let roleBindings = TablePrinter(columns: [
        nameColumn, Column(name: "Role", type: "string"), ageColumn, Column(name: "Users", type: "string", priority: 1),
        Column(name: "Groups", type: "string", priority: 1), Column(name: "ServiceAccounts", type: "string", priority: 1),
    ]) { object, now in
        let subjects = object["subjects"]?.array ?? []
        func names(_ kind: String) -> String {
            subjects.filter { $0["kind"]?.string == kind }.map { subject in
                let name = subject["name"]?.string ?? ""
                guard kind == "ServiceAccount" else { return name }
                return "\(subject["namespace"]?.string ?? ""):\(name)"
            }.joined(separator: ", ")
        }
        let role = "\(object[path: ["roleRef", "kind"]]?.string ?? "")/\(object[path: ["roleRef", "name"]]?.string ?? "")"
        return [name(object), .string(role), age(object, now), .string(names("User")), .string(names("Group")),
                .string(names("ServiceAccount"))]
    }

    static let horizontalPodAutoscalers = TablePrinter(columns: [
        nameColumn, Column(name: "Reference", type: "string"), Column(name: "Targets", type: "string"),
        Column(name: "MinPods", type: "string"), Column(name: "MaxPods", type: "integer"),
        Column(name: "Replicas", type: "integer"), ageColumn,
    ]) { object, now in
        let spec = object["spec"] ?? [:]
        let reference = "\(spec[path: ["scaleTargetRef", "kind"]]?.string ?? "")/\(spec[path: ["scaleTargetRef", "name"]]?.string ?? "")"
        let targets = (spec["metrics"]?.array ?? []).map { metric -> String in
            let target = metric[path: ["resource", "target"]]
            let wanted = target?["averageUtilization"]?.int.map { "\($0)%" }
                ?? target?["averageValue"]?.string ?? target?["value"]?.string ?? "<unknown>"
            return "<unknown>/\(wanted)"
        }
        return [
            name(object), .string(reference), .string(targets.isEmpty ? "<none>" : targets.joined(separator: ", ")),
            .string(String(spec["minReplicas"]?.int ?? 1)), .int(integer(spec["maxReplicas"])),
            .int(integer(object[path: ["status", "currentReplicas"]])), age(object, now),
        ]
    }

    static let leases = TablePrinter(columns: [nameColumn, Column(name: "Holder", type: "string"), ageColumn]) { object, now in
        [name(object), .string(object[path: ["spec", "holderIdentity"]]?.string ?? ""), age(object, now)]
    }
}
