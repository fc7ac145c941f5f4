import FerryKube

/// The apps/v1 defaults of StatefulSets and DaemonSets (SetDefaults_StatefulSet,
/// SetDefaults_DaemonSet), with the feature gates of a default 1.32 cluster:
/// StatefulSetAutoDeletePVC on, MaxUnavailableStatefulSet off.
extension Defaults {
    static func statefulSet(_ object: inout JSONValue) {
        setIfAbsent(&object, ["spec"], [:])
        setIfAbsent(&object, ["spec", "podManagementPolicy"], "OrderedReady")
        if object[path: ["spec", "updateStrategy", "type"]] == nil {
            object[path: ["spec", "updateStrategy", "type"]] = "RollingUpdate"
            setIfAbsent(&object, ["spec", "updateStrategy", "rollingUpdate"], [:])
        }
        if object[path: ["spec", "updateStrategy", "type"]] == "RollingUpdate",
           object[path: ["spec", "updateStrategy", "rollingUpdate"]]?.object != nil {
            setIfAbsent(&object, ["spec", "updateStrategy", "rollingUpdate", "partition"], 0)
        }
        setIfAbsent(&object, ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"], "Retain")
        setIfAbsent(&object, ["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"], "Retain")
        setIfAbsent(&object, ["spec", "replicas"], 1)
        setIfAbsent(&object, ["spec", "revisionHistoryLimit"], 10)
        podSpec(&object, at: ["spec", "template", "spec"])
        // The claim templates are defaulted as claims are: the kind, the volume mode, a Pending status.
        if var claims = object[path: ["spec", "volumeClaimTemplates"]]?.array {
            for index in claims.indices where claims[index].object != nil {
                setIfAbsent(&claims[index], ["apiVersion"], "v1")
                setIfAbsent(&claims[index], ["kind"], "PersistentVolumeClaim")
                setIfAbsent(&claims[index], ["spec", "volumeMode"], "Filesystem")
                setIfAbsent(&claims[index], ["status", "phase"], "Pending")
            }
            object[path: ["spec", "volumeClaimTemplates"]] = .array(claims)
        }
    }

    static func daemonSet(_ object: inout JSONValue) {
        setIfAbsent(&object, ["spec"], [:])
        setIfAbsent(&object, ["spec", "updateStrategy", "type"], "RollingUpdate")
        if object[path: ["spec", "updateStrategy", "type"]] == "RollingUpdate" {
            setIfAbsent(&object, ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1)
            setIfAbsent(&object, ["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0)
        }
        setIfAbsent(&object, ["spec", "revisionHistoryLimit"], 10)
        podSpec(&object, at: ["spec", "template", "spec"])
    }
}
