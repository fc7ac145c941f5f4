import FerryKube
import Foundation

/// The defaults the API server fills in, per kind (the `SetDefaults_*` functions of
/// Kubernetes' API packages, for the fields a manifest commonly leaves out).
enum Defaults {
    static func apply(to object: inout JSONValue, resource: ResourceType, key: StoreKey) {
        switch (resource.group, resource.kind) {
        case ("apps", "Deployment"): deployment(&object)
        case ("apps", "ReplicaSet"): replicaSet(&object)
        case ("apps", "StatefulSet"): statefulSet(&object)
        case ("apps", "DaemonSet"): daemonSet(&object)
        case ("", "Pod"): setIfAbsent(&object, ["spec"], [:]); podSpec(&object, at: ["spec"])
        case ("", "Service"): Defaults.service(&object, key: key)
        case ("", "Namespace"): namespace(&object, name: key.name)
        case ("", "Secret"): secret(&object)
        case ("", "PersistentVolumeClaim"): setIfAbsent(&object, ["spec", "volumeMode"], "Filesystem")
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): CustomResourceDefinitionValidation.defaults(&object)
        case ("batch", "Job"): job(&object)
        case ("batch", "CronJob"): cronJob(&object)
        default: break
        }
    }

    static func setIfAbsent(_ object: inout JSONValue, _ path: [String], _ value: JSONValue) {
        object.fillIfAbsent(path[...], with: value)
    }

    static func deployment(_ object: inout JSONValue) {
        setIfAbsent(&object, ["spec"], [:])
        setIfAbsent(&object, ["spec", "replicas"], 1)
        setIfAbsent(&object, ["spec", "revisionHistoryLimit"], 10)
        setIfAbsent(&object, ["spec", "progressDeadlineSeconds"], 600)
        setIfAbsent(&object, ["spec", "strategy", "type"], "RollingUpdate")
        if object[path: ["spec", "strategy", "type"]] == "RollingUpdate" {
            setIfAbsent(&object, ["spec", "strategy", "rollingUpdate", "maxSurge"], "25%")
            setIfAbsent(&object, ["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%")
        }
        podSpec(&object, at: ["spec", "template", "spec"])
    }

    static func replicaSet(_ object: inout JSONValue) {
        setIfAbsent(&object, ["spec"], [:])
        setIfAbsent(&object, ["spec", "replicas"], 1)
        podSpec(&object, at: ["spec", "template", "spec"])
    }

    /// `SetDefaults_PodSpec` and `SetDefaults_Container`, for the fields that show up in `kubectl get -o yaml`.
    static func podSpec(_ object: inout JSONValue, at path: [String]) {
        object.update(at: path[...]) { spec in
            guard spec.object != nil else { return }
            setIfAbsent(&spec, ["restartPolicy"], "Always")
            setIfAbsent(&spec, ["terminationGracePeriodSeconds"], 30)
            setIfAbsent(&spec, ["dnsPolicy"], "ClusterFirst")
            setIfAbsent(&spec, ["securityContext"], [:])
            setIfAbsent(&spec, ["schedulerName"], "default-scheduler")
            spec.updateMembers { members in
                for list in ["containers", "initContainers"] {
                    members[list]?.updateItems { containers in
                        for index in containers.indices { container(&containers[index]) }
                    }
                }
            }
        }
    }

    static func container(_ container: inout JSONValue) {
        guard container.object != nil else { return }
        setIfAbsent(&container, ["terminationMessagePath"], "/dev/termination-log")
        setIfAbsent(&container, ["terminationMessagePolicy"], "File")
        setIfAbsent(&container, ["resources"], [:])
        if let image = container["image"]?.string {
            setIfAbsent(&container, ["imagePullPolicy"], imagePullPolicy(for: image))
        }
        container.updateMembers { members in
            members["ports"]?.updateItems { ports in
                for index in ports.indices { setIfAbsent(&ports[index], ["protocol"], "TCP") }
            }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where container[probe]?.object != nil {
            setIfAbsent(&container, [probe, "timeoutSeconds"], 1)
            setIfAbsent(&container, [probe, "periodSeconds"], 10)
            setIfAbsent(&container, [probe, "successThreshold"], 1)
            setIfAbsent(&container, [probe, "failureThreshold"], 3)
        }
    }

    /// `Always` for `:latest` or an untagged image, else `IfNotPresent`.
    static func imagePullPolicy(for image: String) -> JSONValue {
        // ASCII (every real image) is searched by byte; anything else as Foundation searches.
        let hasDigest = image.utf8.allSatisfy { $0 < 0x80 } ? image.utf8.contains(UInt8(ascii: "@")) : image.contains("@")
        if hasDigest { return "IfNotPresent" }
        let lastSlash = image.lastIndex(of: "/")
        guard let colon = image.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true else { return "Always" }
        return image[image.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }

    static func namespace(_ object: inout JSONValue, name: String) {
        setIfAbsent(&object, ["spec", "finalizers"], ["kubernetes"])
        setIfAbsent(&object, ["status", "phase"], "Active")
        // The API server labels every namespace with its own name (since 1.21).
        setIfAbsent(&object, ["metadata", "labels"], [:])
        object[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name)
    }

    static func secret(_ object: inout JSONValue) {
        setIfAbsent(&object, ["type"], "Opaque")
        // stringData is write-only: merged into data, base64-encoded, and dropped.
        if let stringData = object["stringData"]?.object {
            var data = object["data"]?.object ?? [:]
            for (key, value) in stringData {
                if let text = value.string { data[key] = .string(Data(text.utf8).base64EncodedString()) }
            }
            object["data"] = .object(data)
            object["stringData"] = nil
        }
    }
}
